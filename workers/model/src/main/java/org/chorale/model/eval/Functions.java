package org.chorale.model.eval;

/** Numerically stable scalar functions used by the evaluation loops. */
final class Functions {
    private Functions() {}

    /** log(1 + e^x) without overflow for large x or loss for very negative x. */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** The logistic function 1 / (1 + e^-x), without overflow. */
    static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /** log sum_i e^{x_i} over x[from..to), stable; -infinity for an empty range. */
    static double logSumExp(double[] x, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) max = Math.max(max, x[i]);
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) return max;
        double s = 0;
        for (int i = from; i < to; i++) s += Math.exp(x[i] - max);
        return max + Math.log(s);
    }

    /** A 64-bit mix (the SplitMix64 finaliser), used to derive independent per-chain seeds. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Seed of chain ({@code stream}, {@code index}) under the caller's {@code seed}: the same chain gets the same
     *  random numbers however the work is split across threads or chunks. */
    static long chainSeed(long seed, long stream, long index) {
        return mix(mix(mix(seed) ^ stream) + index);
    }
}
