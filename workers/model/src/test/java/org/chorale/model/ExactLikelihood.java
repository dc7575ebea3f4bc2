package org.chorale.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Exact NLL per step of an RNN-RBM with few hidden units, by enumerating hidden states (test oracle). */
final class ExactLikelihood {
    private ExactLikelihood() {}

    /** -(1/T) sum_t log P(v_t | v_&lt;t), with log Z_t = log sum_h exp(h.bh_t) prod_i (1 + exp(bv_t,i + (W h)_i)). */
    static double nllPerStep(RnnRbm model, INDArray visible) {
        ConditionalRbms rbms = model.castTo(DataType.DOUBLE).condition(visible.castTo(DataType.DOUBLE));
        double[] f = rbms.freeEnergy(visible.castTo(DataType.DOUBLE));
        int nv = rbms.W().rows(), nh = rbms.W().columns();
        double[] w = Arrays2.toRowMajor(rbms.W()), bv = Arrays2.toRowMajor(rbms.bv()), bh = Arrays2.toRowMajor(rbms.bh());
        double total = 0;
        for (int t = 0; t < rbms.steps(); t++) {
            double max = Double.NEGATIVE_INFINITY;
            double[] terms = new double[1 << nh];
            for (int h = 0; h < terms.length; h++) {
                double s = 0;
                for (int j = 0; j < nh; j++) if ((h >> j & 1) == 1) s += bh[t * nh + j];
                for (int i = 0; i < nv; i++) {
                    double a = bv[t * nv + i];
                    for (int j = 0; j < nh; j++) if ((h >> j & 1) == 1) a += w[i * nh + j];
                    s += Sampling.softplus(a);
                }
                terms[h] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (double s : terms) sum += Math.exp(s - max);
            double logZ = max + Math.log(sum);
            total += f[t] + logZ; // -log P = F + log Z
        }
        return total / rbms.steps();
    }
}
