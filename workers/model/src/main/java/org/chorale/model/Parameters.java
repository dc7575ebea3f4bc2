package org.chorale.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The eight parameter matrices of an RNN-RBM (or eight same-shaped gradients / optimizer slots), by paper name.
 * Mutable: owned by one trainer or wrapped read-only inside an {@link RnnRbm}.
 */
final class Parameters {
    static final int W = 0, BV = 1, BH = 2, WUV = 3, WUH = 4, WVU = 5, WUU = 6, BU = 7;
    static final List<String> NAMES = List.of("W", "bv", "bh", "Wuv", "Wuh", "Wvu", "Wuu", "bu");

    final INDArray[] arrays;

    private Parameters(INDArray[] arrays) { this.arrays = arrays; }

    /** Shape of parameter {@code index} under {@code config}. */
    static long[] shape(int index, ModelConfig c) {
        long nv = c.visibleSize(), nh = c.hidden(), nu = c.recurrent(), gates = c.recurrentInputs();
        return switch (index) {
            case W -> new long[]{nv, nh};
            case BV -> new long[]{1, nv};
            case BH -> new long[]{1, nh};
            case WUV -> new long[]{nu, nv};
            case WUH -> new long[]{nu, nh};
            case WVU -> new long[]{nv, gates};
            case WUU -> new long[]{nu, gates};
            case BU -> new long[]{1, gates};
            default -> throw new IllegalArgumentException("no parameter " + index);
        };
    }

    static long[] shape(String name, ModelConfig c) {
        int i = NAMES.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("unknown parameter " + name + "; expected one of " + NAMES);
        return shape(i, c);
    }

    static Parameters zeros(ModelConfig c, DataType dtype) {
        INDArray[] a = new INDArray[NAMES.size()];
        for (int i = 0; i < a.length; i++) a[i] = Nd4j.zeros(dtype, shape(i, c));
        return new Parameters(a);
    }

    /** Copies of the given arrays, checked against the config's shapes and cast to {@code dtype}. */
    static Parameters fromMap(ModelConfig c, Map<String, INDArray> map, DataType dtype) {
        INDArray[] a = new INDArray[NAMES.size()];
        for (int i = 0; i < a.length; i++) {
            String name = NAMES.get(i);
            INDArray given = map.get(name);
            if (given == null) throw new IllegalArgumentException("parameter " + name + " is missing");
            long[] want = shape(i, c);
            long[] got = given.shape();
            boolean rowVectorOk = want[0] == 1 && given.isVector() && given.length() == want[1];
            if (!Arrays.equals(want, got) && !rowVectorOk)
                throw new IllegalArgumentException("parameter " + name + " has shape " + Arrays.toString(got)
                        + ", the config needs " + Arrays.toString(want));
            a[i] = given.castTo(dtype).dup('c').reshape('c', want);
        }
        return new Parameters(a);
    }

    INDArray get(int index) { return arrays[index]; }

    DataType dataType() { return arrays[0].dataType(); }

    Parameters copy() {
        INDArray[] a = new INDArray[arrays.length];
        for (int i = 0; i < a.length; i++) a[i] = arrays[i].dup('c');
        return new Parameters(a);
    }

    Parameters castTo(DataType dtype) {
        INDArray[] a = new INDArray[arrays.length];
        for (int i = 0; i < a.length; i++) a[i] = arrays[i].castTo(dtype).dup('c');
        return new Parameters(a);
    }

    /** Copies of every array, in paper order. */
    Map<String, INDArray> toMap() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (int i = 0; i < arrays.length; i++) m.put(NAMES.get(i), arrays[i].dup('c'));
        return m;
    }

    void assign(Parameters other) {
        for (int i = 0; i < arrays.length; i++) arrays[i].assign(other.arrays[i]);
    }

    void zero() {
        for (INDArray a : arrays) a.assign(0);
    }

    /** Sum over all arrays of the squared elements. */
    double squaredNorm() {
        double s = 0;
        for (INDArray a : arrays) { double n = a.norm2Number().doubleValue(); s += n * n; }
        return s;
    }

    void muli(double factor) {
        for (INDArray a : arrays) a.muli(factor);
    }
}
