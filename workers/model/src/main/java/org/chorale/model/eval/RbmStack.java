package org.chorale.model.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * T binary RBMs that share their weights W [nv x nh] and differ in their biases (row t of bv [T x nv] and
 * bh [T x nh]), held as plain row-major doubles for the per-unit loops of this package (exact enumeration,
 * mean-field, the biases of the chains), with the original W kept for {@link ChainBlock}.
 */
final class RbmStack {
    final int nv, nh, steps;
    final double[] w;   // [nv x nh] row-major: row i is the visible unit's fan-out
    final double[] wt;  // [nh x nv] row-major: row j is the hidden unit's fan-out
    final double[] bv;  // [T x nv]
    final double[] bh;  // [T x nh]
    private final INDArray weights;

    RbmStack(INDArray W, INDArray bv, INDArray bh) {
        Matrices.requireShape("W", W, -1, W.columns());
        this.nv = W.rows();
        this.nh = W.columns();
        this.weights = W;
        Matrices.requireShape("bv", bv, -1, nv);
        Matrices.requireShape("bh", bh, bv.rows(), nh);
        this.steps = bv.rows();
        this.w = Matrices.rowMajor(W);
        this.wt = Matrices.transpose(w, nv, nh);
        this.bv = Matrices.rowMajor(bv);
        this.bh = Matrices.rowMajor(bh);
    }

    /** W as given (any dtype). */
    INDArray weights() { return weights; }

    /** out[j] = bh_t[j] + sum_i v_i W[i][j] for a real-valued v (mean-field). */
    void hiddenInput(int t, double[] v, double[] out) {
        System.arraycopy(bh, t * nh, out, 0, nh);
        for (int i = 0; i < nv; i++) {
            double vi = v[i];
            if (vi == 0) continue;
            int row = i * nh;
            for (int j = 0; j < nh; j++) out[j] += vi * w[row + j];
        }
    }

    /** out[i] = bv_t[i] + sum_j h_j W[i][j] for a real-valued h (mean-field). */
    void visibleInput(int t, double[] h, double[] out) {
        System.arraycopy(bv, t * nv, out, 0, nv);
        for (int j = 0; j < nh; j++) {
            double hj = h[j];
            if (hj == 0) continue;
            int row = j * nv;
            for (int i = 0; i < nv; i++) out[i] += hj * wt[row + i];
        }
    }
}
