package org.chorale.model.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Annealed Importance Sampling (Neal 2001; for RBMs Salakhutdinov &amp; Murray 2008) of the log partition function of
 * each step's RBM, all T steps x M runs in one parallel sweep.
 *
 * <p>Path: {@code p_k*(v) = exp(v.((1-beta_k) bA + beta_k bv)) prod_j (1 + exp(beta_k (bh_j + (vW)_j)))}, from the
 * base model A (W = 0, visible biases bA, see {@link AisBase}; Z_A = 2^nh prod_i (1 + e^{bA_i})) at beta = 0 to the
 * target RBM at beta = 1, hidden units summed out. Each run draws v_1 exactly from A, then for k = 1..K adds
 * {@code log p_k*(v_k) - log p_{k-1}*(v_k)} to its log weight and moves v by one Gibbs step that leaves p_k
 * invariant. {@code log Z ~ log Z_A + log mean_m exp(logw_m)}.
 *
 * <p>Number of temperatures (the paper does not state its K), measured with M = 100 on nv 88, nh 150 RBMs:
 * <pre>
 *                                          K:   100      300     1000     3000    10000
 * JSB model after 6 epochs (Adam, lr 0.01), 12 valid steps, mean log Z (W std 0.043):
 *   base VISIBLE_BIASES                       106.811  106.830  106.786  106.776  106.772   (se/step 0.17 .. 0.013)
 *   base MEAN_FIELD                           106.774  106.772  106.772  106.773  106.772   (se/step 0.006 .. 0.0006)
 * random W ~ N(0, 0.3^2), bv ~ -3, bh ~ -1, 10 steps, mean log Z:
 *   base VISIBLE_BIASES                        74.852   74.824   74.823   74.815   74.821   (max se 0.13 .. 0.010)
 *   base MEAN_FIELD                            74.849   74.815   74.827   74.820   74.822   (max se 0.07 .. 0.006)
 * </pre>
 * With the mean-field base the estimate stops moving by K = 1000 (changes below 0.001 nats on the trained model,
 * within the error bar on the random one), hence {@link #PAPER_TEMPERATURES} = 1000 and
 * {@link AisBase#MEAN_FIELD} as the default base; the visible-bias base needs K = 10000 for the same answer.
 *
 * <p>Cost: about 5-15 us of CPU per chain and temperature at nv 88, nh 150 on this project's 2-core machines
 * (mostly the one exp per unit), so the paper setting on JSB's validation split (4602 steps x 100 runs x 1000
 * temperatures) takes tens of minutes; {@link AisSettings#fast()} (M = 5, K = 100) takes 10-25 s.
 */
public final class Ais {
    /** K used by {@link AisSettings#paper()}: where the estimate stopped moving in our measurement. */
    public static final int PAPER_TEMPERATURES = 1000;
    /** Fold the product of per-unit weight ratios into the log weight this often, so it cannot overflow. */
    private static final int FOLD_EVERY = 64;
    private static final int MEAN_FIELD_ITERATIONS = 30;

    private Ais() {}

    /** log Z of each step's RBM: W [nv x nh] shared, bv [T x nv], bh [T x nh] per step (row t-1 for RBM_t). */
    public static AisResult logZ(INDArray W, INDArray bv, INDArray bh, AisSettings settings) {
        return logZ(new RbmStack(W, bv, bh), settings, 0, 0);
    }

    /**
     * The same for an {@link RbmStack} whose step 0 is step {@code firstStep} of a longer sequence; {@code stream}
     * selects independent random streams (the evaluator passes the piece index). Run m of step t always uses chain
     * (stream, (firstStep + t) M + m), so results do not depend on how a sequence is cut into batches.
     */
    static AisResult logZ(RbmStack rbm, AisSettings s, long stream, long firstStep) {
        int steps = rbm.steps, runs = s.runs(), chains = steps * runs;
        double[] betas = s.schedule().betas(s.temperatures());
        double[] base = baseBiases(rbm, s.base());
        double[] logw = new double[chains];
        INDArray weights = ChainBlock.floatWeights(rbm.weights());
        int rows = ChainBlock.rowsPerBlock(chains);
        IntStream.range(0, ChainBlock.blocks(chains, rows)).parallel().forEach(block -> {
            int first = block * rows;
            runBlock(rbm, weights, base, betas, runs, first, Math.min(chains, first + rows) - first, s.seed(),
                    stream, firstStep * runs, logw);
        });
        double[] logZ = new double[steps], se = new double[steps];
        for (int t = 0; t < steps; t++) {
            double logZBase = rbm.nh * Math.log(2);
            for (int i = 0; i < rbm.nv; i++) logZBase += Functions.softplus(base[t * rbm.nv + i]);
            int from = t * runs;
            logZ[t] = logZBase + Functions.logSumExp(logw, from, from + runs) - Math.log(runs);
            se[t] = standardError(logw, from, runs);
        }
        return new AisResult(logZ, se, s);
    }

    /** Runs chains first..first+count (chain c belongs to step c / runs) through all temperatures, writing their
     *  log importance weights into logw. */
    private static void runBlock(RbmStack rbm, INDArray weights, double[] base, double[] betas, int runs,
                                 int first, int count, long seed, long stream, long chainOffset, double[] logw) {
        int nv = rbm.nv, nh = rbm.nh, temperatures = betas.length - 1;
        ChainBlock chains = new ChainBlock(weights, count);
        SplittableRandom[] rng = new SplittableRandom[count];
        double[] w = new double[count];
        for (int r = 0; r < count; r++) {
            rng[r] = new SplittableRandom(Functions.chainSeed(seed, stream, chainOffset + first + r));
            int vb = (first + r) / runs * nv;
            for (int i = 0; i < nv; i++)
                chains.visible[r * nv + i] = sample(Functions.sigmoid(base[vb + i]), rng[r]);
        }
        for (int k = 1; k <= temperatures; k++) {
            double b0 = betas[k - 1], b1 = betas[k], step = b1 - b0;
            boolean move = k < temperatures;
            chains.computeHiddenInput();
            for (int r = 0; r < count; r++) {
                int t = (first + r) / runs;
                w[r] += step * visibleTerm(rbm, base, chains.visible, r, t)
                        + hiddenTermAndSample(rbm, chains, r, t, b1, step, move, rng[r]);
            }
            if (!move) break;
            chains.computeVisibleDrive();
            for (int r = 0; r < count; r++) {
                int vb = (first + r) / runs * nv, row = r * nv;
                for (int i = 0; i < nv; i++) {
                    double x = (1 - b1) * base[vb + i] + b1 * (rbm.bv[vb + i] + chains.visibleDrive[row + i]);
                    chains.visible[row + i] = sampleLogistic(x, rng[r]);
                }
            }
        }
        System.arraycopy(w, 0, logw, first, count);
    }

    /** sum_i v_i (bv_i - bA_i): the visible part of log p_k*(v) - log p_{k-1}*(v), per unit of beta. */
    private static double visibleTerm(RbmStack rbm, double[] base, float[] visible, int r, int t) {
        double sum = 0;
        int row = r * rbm.nv, vb = t * rbm.nv;
        for (int i = 0; i < rbm.nv; i++) if (visible[row + i] != 0) sum += rbm.bv[vb + i] - base[vb + i];
        return sum;
    }

    /**
     * sum_j softplus(b1 x_j) - softplus(b0 x_j) for the hidden inputs x of chain r (b0 = b1 - step), and, when
     * {@code move}, a sample of every hidden unit at b1 into the block. Per unit, one exp serves both:
     * softplus(b1 x) - softplus(b0 x) = step max(x, 0) + log((1 + e1) / (1 + e0)) with e1 = exp(-b1 |x|) and
     * e0 = e1 exp(step |x|), and P(h = 1) = s(b1 x) = 1 / (1 + e1) (x >= 0) or e1 / (1 + e1).
     */
    private static double hiddenTermAndSample(RbmStack rbm, ChainBlock chains, int r, int t, double b1, double step,
                                              boolean move, SplittableRandom rng) {
        int nh = rbm.nh, row = r * nh, hb = t * nh;
        double linear = 0, logRatio = 0, num = 1, den = 1;
        for (int j = 0; j < nh; j++) {
            double x = chains.hiddenInput[row + j] + rbm.bh[hb + j], ax = Math.abs(x);
            double e1 = Math.exp(-b1 * ax);
            double e0 = e1 * expSmall(step * ax);
            if (x > 0) linear += x;
            num *= 1 + e1;
            den *= 1 + e0;
            if ((j & (FOLD_EVERY - 1)) == FOLD_EVERY - 1) { logRatio += Math.log(num / den); num = 1; den = 1; }
            if (move) // u < s(b1 x), without dividing: u (1 + e1) < 1 for x >= 0, < e1 for x < 0
                chains.hidden[row + j] = rng.nextDouble() * (1 + e1) < (x >= 0 ? 1 : e1) ? 1f : 0f;
        }
        return step * linear + logRatio + Math.log(num / den);
    }

    /** e^y for y >= 0; below 0.05 a degree-6 Taylor polynomial (relative error < 2e-13), in Horner form with
     *  constant coefficients (chained divisions would cost more than the exp they replace). */
    static double expSmall(double y) {
        if (y >= 0.05) return Math.exp(y);
        return 1 + y * (1 + y * (1.0 / 2 + y * (1.0 / 6 + y * (1.0 / 24 + y * (1.0 / 120 + y * (1.0 / 720))))));
    }

    private static float sample(double p, SplittableRandom rng) {
        return rng.nextDouble() < p ? 1f : 0f;
    }

    /** 1 with probability s(x): u < 1 / (1 + e^-x) tested as u (1 + e^-x) < 1, without a division. */
    static float sampleLogistic(double x, SplittableRandom rng) {
        return rng.nextDouble() * (1 + Math.exp(-x)) < 1 ? 1f : 0f;
    }

    /** Visible biases of the base model for every step, [T x nv] row-major. */
    static double[] baseBiases(RbmStack rbm, AisBase kind) {
        return switch (kind) {
            case VISIBLE_BIASES -> rbm.bv.clone();
            case MEAN_FIELD -> meanFieldBiases(rbm);
        };
    }

    private static double[] meanFieldBiases(RbmStack rbm) {
        int nv = rbm.nv, nh = rbm.nh;
        double[] out = new double[rbm.steps * nv];
        IntStream.range(0, rbm.steps).parallel().forEach(t -> {
            double[] q = new double[nv], hIn = new double[nh], mu = new double[nh], vIn = new double[nv];
            for (int i = 0; i < nv; i++) q[i] = Functions.sigmoid(rbm.bv[t * nv + i]);
            for (int it = 0; it < MEAN_FIELD_ITERATIONS; it++) {
                rbm.hiddenInput(t, q, hIn);
                for (int j = 0; j < nh; j++) mu[j] = Functions.sigmoid(hIn[j]);
                rbm.visibleInput(t, mu, vIn);
                // damped update: plain mean-field iteration can oscillate between two states
                for (int i = 0; i < nv; i++) q[i] = 0.5 * q[i] + 0.5 * Functions.sigmoid(vIn[i]);
            }
            for (int i = 0; i < nv; i++) {
                double p = Math.min(Math.max(q[i], 1e-4), 1 - 1e-4);
                out[t * nv + i] = Math.log(p / (1 - p));
            }
        });
        return out;
    }

    /** sd(w) / (sqrt(M) mean(w)) of the weights exp(logw[from..from+runs)), computed relative to their maximum. */
    private static double standardError(double[] logw, int from, int runs) {
        if (runs < 2) return Double.NaN;
        double max = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < runs; m++) max = Math.max(max, logw[from + m]);
        double sum = 0, sumSq = 0;
        for (int m = 0; m < runs; m++) {
            double w = Math.exp(logw[from + m] - max);
            sum += w;
            sumSq += w * w;
        }
        double mean = sum / runs;
        double var = Math.max(0, (sumSq - runs * mean * mean) / (runs - 1));
        return Math.sqrt(var / runs) / mean;
    }
}
