package org.chorale.model.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A block of Markov chains over the units of an RBM family sharing W: the products with W run as ND4J GEMMs on the
 * whole block ([rows x nv] . [nv x nh] and [rows x nh] . [nh x nv]; plain Java loops for small W), while the
 * per-unit work (biases, the exp of each unit, sampling) runs on Java mirrors of the same matrices, where one exp
 * per unit can serve both an importance weight and a sample. ND4J's element-wise ops cost 1.2-5.5 ns per element
 * and pass here (softplus 5.5, sigmoid 3.5, scale 1.2, Bernoulli 1.7), a tempered Gibbs step needs about ten such
 * passes, and an all-ND4J AIS measured 14-15 us per chain and temperature at nv 88, nh 150 against 7-10 for this
 * block.
 *
 * <p>Products are computed in float32 whatever the model's dtype: the Monte Carlo error of everything run on chains
 * (>= 1e-3 nats) dwarfs float rounding (~1e-6 relative). One block belongs to one thread.
 */
final class ChainBlock {
    /** At most this many chains per block: each block is one parallel task with its own buffers, so memory stays
     *  bounded whatever the number of steps x runs. */
    static final int MAX_ROWS = 256;
    private static final int MIN_ROWS = 16;

    /** Chains per block for a job of {@code chains} chains: small enough that every core gets several blocks (a
     *  60-step piece with 5 runs is only 300 chains), at most {@link #MAX_ROWS}. */
    static int rowsPerBlock(int chains) {
        int tasks = 4 * java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 4;
        return Math.max(MIN_ROWS, Math.min(MAX_ROWS, (chains + tasks - 1) / tasks));
    }

    /** Number of blocks of {@code rows} chains that cover {@code chains}. */
    static int blocks(int chains, int rows) {
        return (chains + rows - 1) / rows;
    }

    /** Below this many weights a GEMM call's fixed cost outweighs its speed: measured on [7 x 9] RBMs, Java
     *  products took 0.9-1.8 us per chain and temperature against GEMM's 1.7-3.9; on [88 x 150], GEMM 10.7-13.7 us
     *  of CPU against Java's 14.0-15.6. */
    static final int GEMM_MIN_WEIGHTS = 4096;

    final int rows, nv, nh;
    /** Chain states and scratch, row-major [rows x nv] or [rows x nh]; callers read and write these. */
    final float[] visible, hidden, hiddenInput, visibleDrive;
    private final Products products;

    ChainBlock(INDArray weightsFloat, int rows) {
        this.rows = rows;
        this.nv = weightsFloat.rows();
        this.nh = weightsFloat.columns();
        this.visible = new float[rows * nv];
        this.hidden = new float[rows * nh];
        this.hiddenInput = new float[rows * nh];
        this.visibleDrive = new float[rows * nv];
        this.products = (long) nv * nh >= GEMM_MIN_WEIGHTS ? new Gemm(weightsFloat) : new JavaLoops(weightsFloat);
    }

    /** W as a contiguous float matrix, to be shared by the blocks of one computation. */
    static INDArray floatWeights(INDArray w) {
        return w.castTo(DataType.FLOAT).dup('c');
    }

    /** hiddenInput = visible . W (no bias). */
    void computeHiddenInput() {
        products.hiddenInput();
    }

    /** visibleDrive = hidden . W^T (no bias). */
    void computeVisibleDrive() {
        products.visibleDrive();
    }

    private interface Products {
        void hiddenInput();
        void visibleDrive();
    }

    /** ND4J GEMMs on float matrices that mirror the Java arrays (copied in and out in bulk). */
    private final class Gemm implements Products {
        private final INDArray weights;
        private final INDArray v = Nd4j.create(DataType.FLOAT, rows, nv), h = Nd4j.create(DataType.FLOAT, rows, nh),
                hIn = Nd4j.create(DataType.FLOAT, rows, nh), vDrive = Nd4j.create(DataType.FLOAT, rows, nv);

        Gemm(INDArray weights) { this.weights = weights; }

        @Override public void hiddenInput() {
            v.data().asNioFloat().put(visible, 0, visible.length);
            Nd4j.gemm(v, weights, hIn, false, false, 1.0, 0.0);
            hIn.data().asNioFloat().get(hiddenInput, 0, hiddenInput.length);
        }

        @Override public void visibleDrive() {
            h.data().asNioFloat().put(hidden, 0, hidden.length);
            Nd4j.gemm(h, weights, vDrive, false, true, 1.0, 0.0);
            vDrive.data().asNioFloat().get(visibleDrive, 0, visibleDrive.length);
        }
    }

    /** Plain loops that skip zero inputs (chain states are mostly binary and sparse). */
    private final class JavaLoops implements Products {
        private final float[] w, wt; // [nv x nh] and [nh x nv], row-major

        JavaLoops(INDArray weights) {
            w = weights.data().asFloat();
            wt = new float[w.length];
            for (int i = 0; i < nv; i++) for (int j = 0; j < nh; j++) wt[j * nv + i] = w[i * nh + j];
        }

        @Override public void hiddenInput() { product(visible, nv, w, nh, hiddenInput); }

        @Override public void visibleDrive() { product(hidden, nh, wt, nv, visibleDrive); }

        private void product(float[] x, int xCols, float[] m, int mCols, float[] out) {
            java.util.Arrays.fill(out, 0, rows * mCols, 0f);
            for (int r = 0; r < rows; r++) {
                int xo = r * xCols, oo = r * mCols;
                for (int k = 0; k < xCols; k++) {
                    float a = x[xo + k];
                    if (a == 0) continue;
                    int mo = k * mCols;
                    for (int c = 0; c < mCols; c++) out[oo + c] += a * m[mo + c];
                }
            }
        }
    }
}
