package org.chorale.model.eval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FreeEnergyTest {

    private static INDArray binaryRows(int rows, int cols, double p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextDouble() < p ? 1 : 0;
        return Nd4j.create(d, new long[]{rows, cols}, DataType.DOUBLE);
    }

    /** F(v) written out unit by unit. */
    private static double direct(double[] v, double[][] w, double[] bv, double[] bh, double beta) {
        double f = 0;
        for (int i = 0; i < v.length; i++) f -= beta * v[i] * bv[i];
        for (int j = 0; j < bh.length; j++) {
            double a = bh[j];
            for (int i = 0; i < v.length; i++) a += v[i] * w[i][j];
            f -= Math.log1p(Math.exp(beta * a));
        }
        return f;
    }

    @Test
    void matchesTheDefinitionWithPerRowAndSharedBiases() {
        var s = TestRbms.random(12, 7, 5, 0.8, -0.3, 1, 21);
        INDArray v = binaryRows(5, 12, 0.3, 2);
        double[][] w = s.W().toDoubleMatrix();
        for (double beta : new double[]{1, 0.37, 0}) {
            double[] perRow = FreeEnergy.of(v, s.W(), s.bv(), s.bh(), beta);
            double[] shared = FreeEnergy.of(v, s.W(), s.bv().getRow(1, true), s.bh().getRow(1, true), beta);
            for (int r = 0; r < 5; r++) {
                double[] vr = v.getRow(r).toDoubleVector();
                assertEquals(direct(vr, w, s.bv().getRow(r).toDoubleVector(), s.bh().getRow(r).toDoubleVector(), beta),
                        perRow[r], 1e-12);
                assertEquals(direct(vr, w, s.bv().getRow(1).toDoubleVector(), s.bh().getRow(1).toDoubleVector(), beta),
                        shared[r], 1e-12);
            }
        }
    }

    @Test
    void exponentiatedFreeEnergiesSumToTheExactPartitionFunction() {
        var s = TestRbms.random(8, 6, 1, 1.0, -0.5, 1, 4);
        INDArray v = Nd4j.create(DataType.DOUBLE, 256, 8);
        for (int c = 0; c < 256; c++) for (int i = 0; i < 8; i++) v.putScalar(c, i, c >> i & 1);
        double[] f = FreeEnergy.of(v, s.W(), s.bv(), s.bh());
        double[] minusF = new double[256];
        for (int c = 0; c < 256; c++) minusF[c] = -f[c];
        assertEquals(PartitionFunction.exactLogZ(s.W(), s.bv(), s.bh())[0], Functions.logSumExp(minusF, 0, 256), 1e-9);
    }

    @Test
    void staysFiniteAndExactWhereNaiveSoftplusOverflows() {
        // hidden inputs of +-1000: log(1 + e^1000) overflows, ND4J's softplus returns infinity in FLOAT above ~88.
        INDArray w = Nd4j.zeros(DataType.FLOAT, 3, 2);
        INDArray bv = Nd4j.create(new float[][]{{1, 2, 3}});
        INDArray bh = Nd4j.create(new float[][]{{1000, -1000}});
        INDArray v = Nd4j.create(new float[][]{{1, 0, 1}});
        double[] f = FreeEnergy.of(v, w, bv, bh);
        assertEquals(-(1 + 3) - 1000, f[0], 1e-3);
        INDArray sp = FreeEnergy.softplus(Nd4j.create(new double[]{-800, -30, 0, 30, 800}, new long[]{1, 5}));
        assertArrayEquals(new double[]{0, Math.log1p(Math.exp(-30)), Math.log(2), 30 + Math.log1p(Math.exp(-30)), 800},
                sp.toDoubleVector(), 1e-15);
    }

    @Test
    void rejectsMismatchedShapes() {
        var s = TestRbms.random(4, 3, 2, 1, 0, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> FreeEnergy.of(binaryRows(3, 4, 0.5, 1), s.W(), s.bv(), s.bh()));
        assertThrows(IllegalArgumentException.class, () -> FreeEnergy.of(binaryRows(2, 5, 0.5, 1), s.W(), s.bv(), s.bh()));
    }
}
