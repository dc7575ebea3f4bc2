package org.chorale.model.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/** Random RBM stacks and brute-force reference computations for the evaluation tests. */
final class TestRbms {
    private TestRbms() {}

    /** T RBMs sharing W ~ N(0, wStd^2); biases ~ N(biasMean, biasStd^2) per step. */
    record Stack(INDArray W, INDArray bv, INDArray bh) {
        int nv() { return W.rows(); }
        int nh() { return W.columns(); }
        int steps() { return bv.rows(); }
        Stack as(DataType dtype) { return new Stack(W.castTo(dtype), bv.castTo(dtype), bh.castTo(dtype)); }
    }

    static Stack random(int nv, int nh, int steps, double wStd, double biasMean, double biasStd, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Stack(gaussian(rng, nv, nh, 0, wStd), gaussian(rng, steps, nv, biasMean, biasStd),
                gaussian(rng, steps, nh, biasMean, biasStd));
    }

    static INDArray gaussian(SplittableRandom rng, int rows, int cols, double mean, double std) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = mean + std * gaussian(rng);
        return Nd4j.create(d, new long[]{rows, cols}, DataType.DOUBLE);
    }

    static double gaussian(SplittableRandom rng) {
        double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** log Z of RBM_t by summing exp(-E(v, h)) over every joint configuration of both layers. */
    static double bruteForceLogZ(Stack s, int t) {
        int nv = s.nv(), nh = s.nh();
        double[][] w = s.W().toDoubleMatrix();
        double[] bv = s.bv().getRow(t).toDoubleVector(), bh = s.bh().getRow(t).toDoubleVector();
        double[] terms = new double[1 << (nv + nh)];
        for (int v = 0; v < 1 << nv; v++)
            for (int h = 0; h < 1 << nh; h++) {
                double minusE = 0;
                for (int i = 0; i < nv; i++) if ((v >> i & 1) == 1) minusE += bv[i];
                for (int j = 0; j < nh; j++) if ((h >> j & 1) == 1) minusE += bh[j];
                for (int i = 0; i < nv; i++)
                    if ((v >> i & 1) == 1) for (int j = 0; j < nh; j++) if ((h >> j & 1) == 1) minusE += w[i][j];
                terms[(v << nh) | h] = minusE;
            }
        return Functions.logSumExp(terms, 0, terms.length);
    }

    /** log Z of RBM_t by summing the hidden-marginalised weight over every visible configuration, each computed
     *  from scratch (an independent check of the Gray-code enumeration). */
    static double visibleSumLogZ(Stack s, int t) {
        int nv = s.nv(), nh = s.nh();
        double[][] w = s.W().toDoubleMatrix();
        double[] bv = s.bv().getRow(t).toDoubleVector(), bh = s.bh().getRow(t).toDoubleVector();
        double[] terms = new double[1 << nv];
        for (int v = 0; v < 1 << nv; v++) {
            double x = 0;
            for (int i = 0; i < nv; i++) if ((v >> i & 1) == 1) x += bv[i];
            for (int j = 0; j < nh; j++) {
                double a = bh[j];
                for (int i = 0; i < nv; i++) if ((v >> i & 1) == 1) a += w[i][j];
                x += Functions.softplus(a);
            }
            terms[v] = x;
        }
        return Functions.logSumExp(terms, 0, terms.length);
    }
}
