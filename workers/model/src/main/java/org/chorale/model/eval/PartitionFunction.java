package org.chorale.model.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.stream.IntStream;

/**
 * Exact log partition functions of small binary RBMs, by enumerating every configuration of the smaller layer and
 * summing the other out analytically:
 * {@code log Z = log sum_h exp(h.bh + sum_i softplus(bv_i + (W h)_i))} (or the same with the layers' roles swapped).
 * Computed in double with a running log-sum-exp, so neither large nor small terms are lost.
 *
 * <p>Cost: 2^n x T x m softplus evaluations (n the smaller layer, m the other, T the steps). Configurations are
 * visited in Gray-code order, so moving to the next one adds or removes one row of W (m additions) instead of a
 * full product.
 */
public final class PartitionFunction {
    /** The largest layer this class will enumerate (2^24 configurations per step). */
    public static final int MAX_ENUMERATED_UNITS = 24;
    /** Recompute the running sums from scratch this often, so Gray-code updates accumulate no rounding drift. */
    private static final int REFRESH_EVERY = 1 << 12;
    /** Steps handled by one parallel task (each task enumerates the configurations once). */
    private static final int STEPS_PER_TASK = 8;

    private PartitionFunction() {}

    /** The size of the layer that {@link #exactLogZ} would enumerate for an RBM with these layer sizes. */
    public static int enumeratedUnits(int visible, int hidden) {
        return Math.min(visible, hidden);
    }

    /**
     * Exact log Z of each step's RBM: W [nv x nh] shared, bv [T x nv] and bh [T x nh] the per-step biases
     * (row t-1 for RBM_t). Returns T values in nats.
     *
     * @throws IllegalArgumentException when both layers are larger than {@link #MAX_ENUMERATED_UNITS}
     */
    public static double[] exactLogZ(INDArray W, INDArray bv, INDArray bh) {
        return exactLogZ(new RbmStack(W, bv, bh));
    }

    static double[] exactLogZ(RbmStack rbm) {
        int n = enumeratedUnits(rbm.nv, rbm.nh);
        if (n > MAX_ENUMERATED_UNITS)
            throw new IllegalArgumentException("exact log Z enumerates the smaller layer, which has " + n
                    + " units; at most " + MAX_ENUMERATED_UNITS + " are allowed (use AIS)");
        boolean hiddenEnumerated = rbm.nh <= rbm.nv;
        Layers layers = hiddenEnumerated
                ? new Layers(rbm.nh, rbm.nv, rbm.wt, rbm.bh, rbm.bv)
                : new Layers(rbm.nv, rbm.nh, rbm.w, rbm.bv, rbm.bh);
        double[] logZ = new double[rbm.steps];
        int tasks = (rbm.steps + STEPS_PER_TASK - 1) / STEPS_PER_TASK;
        IntStream.range(0, tasks).parallel().forEach(task -> {
            int from = task * STEPS_PER_TASK, to = Math.min(rbm.steps, from + STEPS_PER_TASK);
            layers.logZ(from, to, logZ);
        });
        return logZ;
    }

    /** The enumerated layer (n units, biases a [T x n]) and the summed-out one (m units, biases b [T x m]), coupled
     *  by c [n x m] (row e: the fan-out of enumerated unit e). */
    private record Layers(int n, int m, double[] c, double[] a, double[] b) {
        void logZ(int from, int to, double[] out) {
            int steps = to - from;
            double[] product = new double[m];  // (config . c)
            double[] linear = new double[steps]; // config . a_t
            double[] max = new double[steps], sum = new double[steps];
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
            long configs = 1L << n;
            long config = 0;
            for (long k = 0; k < configs; k++) {
                if (k > 0) {
                    int bit = Long.numberOfTrailingZeros(k);
                    config ^= 1L << bit;
                    if ((k & (REFRESH_EVERY - 1)) == 0) recompute(config, from, steps, product, linear);
                    else flip(bit, (config >>> bit & 1) == 1 ? 1 : -1, from, steps, product, linear);
                }
                for (int s = 0; s < steps; s++) {
                    int row = (from + s) * m;
                    double term = linear[s];
                    for (int o = 0; o < m; o++) term += Functions.softplus(b[row + o] + product[o]);
                    if (term <= max[s]) sum[s] += Math.exp(term - max[s]);
                    else { sum[s] = sum[s] * Math.exp(max[s] - term) + 1; max[s] = term; }
                }
            }
            for (int s = 0; s < steps; s++) out[from + s] = max[s] + Math.log(sum[s]);
        }

        private void flip(int unit, int sign, int from, int steps, double[] product, double[] linear) {
            int row = unit * m;
            for (int o = 0; o < m; o++) product[o] += sign * c[row + o];
            for (int s = 0; s < steps; s++) linear[s] += sign * a[(from + s) * n + unit];
        }

        private void recompute(long config, int from, int steps, double[] product, double[] linear) {
            java.util.Arrays.fill(product, 0);
            java.util.Arrays.fill(linear, 0);
            for (int e = 0; e < n; e++) if ((config >>> e & 1) == 1) flip(e, 1, from, steps, product, linear);
        }
    }
}
