package org.chorale.model.eval;

import org.chorale.model.ConditionalRbms;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Free energy of binary RBMs with per-row biases:
 * {@code F(v) = -v.bv - sum_j softplus(bh_j + (vW)_j)}, so that {@code P(v) = exp(-F(v)) / Z}.
 * At inverse temperature beta (the intermediate distributions of AIS and tempered sampling) every energy term is
 * scaled: {@code F_beta(v) = -beta v.bv - sum_j softplus(beta (bh_j + (vW)_j))}.
 *
 * <p>Computed with ND4J in the dtype of W (one GEMM for all rows); the softplus is the stable
 * {@code max(x, 0) + log1p(exp(-|x|))}, which neither overflows for large inputs (ND4J's own softplus returns
 * infinity above 88 in FLOAT) nor loses small ones.
 */
public final class FreeEnergy {
    private FreeEnergy() {}

    /** F_t(v_t) of every step of a sequence: row t-1 of the data under RBM_t. */
    public static double[] of(ConditionalRbms rbms) {
        return of(rbms.visible(), rbms.W(), rbms.bv(), rbms.bh(), 1.0);
    }

    /** F(v_r) for each row r of v [R x nv]; bv is [R x nv] (one bias row per row of v) or [1 x nv] (shared), bh
     *  likewise [R x nh] or [1 x nh]. */
    public static double[] of(INDArray v, INDArray W, INDArray bv, INDArray bh) {
        return of(v, W, bv, bh, 1.0);
    }

    /** F_beta(v_r) at inverse temperature {@code beta} in [0, 1]. */
    public static double[] of(INDArray v, INDArray W, INDArray bv, INDArray bh, double beta) {
        long rows = v.rows(), nv = W.rows(), nh = W.columns();
        Matrices.requireShape("v", v, -1, nv);
        requireBias("bv", bv, rows, nv);
        requireBias("bh", bh, rows, nh);
        if (!(beta >= 0 && beta <= 1)) throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
        if (rows == 0) return new double[0];
        var dtype = W.dataType();
        INDArray x = v.castTo(dtype).mmul(W);
        addBias(x, bh.castTo(dtype));
        if (beta != 1) x.muli(beta);
        INDArray hiddenTerm = softplus(x).sum(1);
        INDArray vd = v.castTo(dtype), bvd = bv.castTo(dtype);
        INDArray visibleTerm = bv.rows() == rows ? vd.mul(bvd).sum(1) : vd.mmul(bvd.transpose());
        double[] h = Matrices.rowMajor(hiddenTerm.reshape(rows, 1));
        double[] b = Matrices.rowMajor(visibleTerm.reshape(rows, 1));
        double[] f = new double[(int) rows];
        for (int r = 0; r < rows; r++) f[r] = -beta * b[r] - h[r];
        return f;
    }

    /** The stable softplus log(1 + e^x) of every element, as a new array. */
    public static INDArray softplus(INDArray x) {
        INDArray tail = Transforms.abs(x, true).negi();
        Transforms.exp(tail, false);
        Transforms.log1p(tail, false);
        return Transforms.relu(x, true).addi(tail);
    }

    private static void addBias(INDArray x, INDArray bias) {
        if (bias.rows() == 1 && x.rows() != 1) x.addiRowVector(bias);
        else x.addi(bias);
    }

    private static void requireBias(String name, INDArray b, long rows, long cols) {
        if (b.rank() != 2 || b.columns() != cols || (b.rows() != rows && b.rows() != 1))
            throw new IllegalArgumentException(name + " must be [" + rows + " x " + cols + "] or [1 x " + cols
                    + "], got " + java.util.Arrays.toString(b.shape()));
    }
}
