package org.chorale.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Moves matrices between ND4J and plain row-major Java arrays (for the sequential loops that ND4J does slowly). */
final class Arrays2 {
    private Arrays2() {}

    /** The elements of a matrix (any order, views allowed) as a fresh row-major double array. */
    static double[] toRowMajor(INDArray a) {
        if (a.length() == 0) return new double[0];
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** A [rows x cols] array of {@code dtype} holding row-major {@code data}. */
    static INDArray matrix(double[] data, long rows, long cols, DataType dtype) {
        return Nd4j.create(data, new long[]{rows, cols}, dtype);
    }
}
