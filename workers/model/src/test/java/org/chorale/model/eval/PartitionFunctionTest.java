package org.chorale.model.eval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PartitionFunctionTest {

    @Test
    void agreesWithBruteForceOverBothLayers() {
        int[][] shapes = {{1, 1}, {3, 7}, {7, 3}, {8, 5}, {5, 8}, {10, 10}};
        long seed = 1;
        for (int[] shape : shapes) {
            var s = TestRbms.random(shape[0], shape[1], 3, 1.0, -0.5, 1.0, seed++);
            double[] exact = PartitionFunction.exactLogZ(s.W(), s.bv(), s.bh());
            for (int t = 0; t < s.steps(); t++)
                assertEquals(TestRbms.bruteForceLogZ(s, t), exact[t], 1e-9, "nv=" + shape[0] + " nh=" + shape[1] + " t=" + t);
        }
    }

    @Test
    void grayCodeEnumerationWithRefreshesMatchesDirectSums() {
        // 2^14 configurations, so the running sums are refreshed several times; visible layer enumerated here.
        var s = TestRbms.random(14, 40, 10, 0.7, -1, 1.5, 7);
        double[] exact = PartitionFunction.exactLogZ(s.W(), s.bv(), s.bh());
        for (int t = 0; t < s.steps(); t++) assertEquals(TestRbms.visibleSumLogZ(s, t), exact[t], 1e-9);
        // the same RBM transposed (layers swapped) has the same Z and takes the hidden-enumeration path
        double[] swapped = PartitionFunction.exactLogZ(s.W().transpose(), s.bh(), s.bv());
        for (int t = 0; t < s.steps(); t++) assertEquals(exact[t], swapped[t], 1e-9);
    }

    @Test
    void withoutWeightsIsTheClosedFormEvenForHugeBiases() {
        var s = TestRbms.random(6, 9, 4, 0, 0, 300, 3); // biases of hundreds: exp would overflow naively
        double[] exact = PartitionFunction.exactLogZ(Nd4j.zeros(DataType.DOUBLE, 6, 9), s.bv(), s.bh());
        for (int t = 0; t < 4; t++) {
            double closed = 0;
            for (double b : s.bv().getRow(t).toDoubleVector()) closed += Functions.softplus(b);
            for (double b : s.bh().getRow(t).toDoubleVector()) closed += Functions.softplus(b);
            assertEquals(closed, exact[t], 1e-9 * Math.max(1, Math.abs(closed)));
        }
    }

    @Test
    void floatParametersGiveTheSameAnswerAsTheirDoubleValues() {
        var f = TestRbms.random(9, 6, 2, 1, 0, 1, 11).as(DataType.FLOAT);
        var d = f.as(DataType.DOUBLE);
        double[] fromFloat = PartitionFunction.exactLogZ(f.W(), f.bv(), f.bh());
        for (int t = 0; t < 2; t++) assertEquals(TestRbms.bruteForceLogZ(d, t), fromFloat[t], 1e-9);
    }

    @Test
    void refusesLayersTooLargeToEnumerate() {
        var s = TestRbms.random(25, 25, 1, 0.1, 0, 1, 5);
        assertThrows(IllegalArgumentException.class, () -> PartitionFunction.exactLogZ(s.W(), s.bv(), s.bh()));
        assertThrows(IllegalArgumentException.class,
                () -> PartitionFunction.exactLogZ(s.W(), s.bv(), Nd4j.zeros(DataType.DOUBLE, 2, 25)));
    }
}
