package org.chorale.model.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** Moves ND4J matrices into plain row-major Java arrays, where this package's per-chain loops run. */
final class Matrices {
    private Matrices() {}

    /** The elements of a matrix (any dtype, order or view) as a fresh row-major double array. */
    static double[] rowMajor(INDArray a) {
        if (a.length() == 0) return new double[0];
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** The transpose of a [rows x cols] row-major array, row-major. */
    static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
        return t;
    }

    /** Checks that {@code a} is a rank-2 matrix with {@code cols} columns (and {@code rows} rows unless negative). */
    static void requireShape(String name, INDArray a, long rows, long cols) {
        if (a.rank() != 2 || a.columns() != cols || (rows >= 0 && a.rows() != rows))
            throw new IllegalArgumentException(name + " must be [" + (rows >= 0 ? rows : "T") + " x " + cols
                    + "], got " + Arrays.toString(a.shape()));
    }

    /** 0/1 matrix (values above 0.5 count as 1) as a row-major byte array. */
    static byte[] binary(INDArray a) {
        double[] d = rowMajor(a);
        byte[] b = new byte[d.length];
        for (int i = 0; i < d.length; i++) b[i] = (byte) (d[i] > 0.5 ? 1 : 0);
        return b;
    }
}
