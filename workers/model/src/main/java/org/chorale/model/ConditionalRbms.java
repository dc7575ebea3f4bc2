package org.chorale.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The T conditional RBMs of one sequence: the shared weights W [nv x nh], per-step biases bv [T x nv] and
 * bh [T x nh] (row t-1 belongs to RBM_t), and the visible rows [T x nv] they model.
 * RBM_t's energy is E(v, h) = -v.bv_t - h.bh_t - v W h^T.
 */
public record ConditionalRbms(INDArray W, INDArray bv, INDArray bh, INDArray visible) {
    public ConditionalRbms {
        if (bv.rows() != visible.rows() || bh.rows() != visible.rows())
            throw new IllegalArgumentException("bias rows must match the visible rows");
    }

    /** T, the number of time steps (RBMs). */
    public int steps() { return visible.rows(); }

    /**
     * Free energy of each row of {@code v} [T x nv] under its own step's RBM:
     * F_t(v) = -v.bv_t - sum_j softplus(bh_t,j + (v W)_j), so P_t(v) = exp(-F_t(v)) / Z_t. Computed in double.
     */
    public double[] freeEnergy(INDArray v) {
        if (v.rows() != steps() || v.columns() != W.rows())
            throw new IllegalArgumentException("need [" + steps() + " x " + W.rows() + "] rows");
        int T = steps(), nv = W.rows(), nh = W.columns();
        double[] x = Arrays2.toRowMajor(v), w = Arrays2.toRowMajor(W);
        double[] b = Arrays2.toRowMajor(bv), c = Arrays2.toRowMajor(bh);
        double[] out = new double[T];
        double[] pre = new double[nh];
        for (int t = 0; t < T; t++) {
            System.arraycopy(c, t * nh, pre, 0, nh);
            Recurrence.addProduct(x, t * nv, w, nv, nh, pre, 0);
            double f = 0;
            for (int i = 0; i < nv; i++) f -= x[t * nv + i] * b[t * nv + i];
            for (int j = 0; j < nh; j++) f -= Sampling.softplus(pre[j]);
            out[t] = f;
        }
        return out;
    }
}
