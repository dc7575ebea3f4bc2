package org.chorale.model;

/**
 * tanh, the sigmoid, softplus and log in float arithmetic only, for training's host loops: written so that C2
 * vectorises a loop over them (no calls, no branches), within a few float ulps of the exact values. Why not
 * {@code Math.tanh} / {@code Math.exp}: measured 60 and 20 ns a call here; tanh below, over an array, 0.3 ms per
 * 160,000 (5.4 when evaluated in double, which does not vectorise). {@code HostLoopsTest} checks every bound
 * stated here over dense grids. Sampling and evaluation use {@code Math} in double; these are for training's float
 * arrays, where ND4J's own float ops were the alternative.
 */
final class FloatMath {
    private FloatMath() {}

    // tanh(x) ~ x P(x^2) / Q(x^2) on [-9, 9] (degrees 13 / 6), fitted by least squares on the relative error,
    // reweighted towards minimax (Lawson); beyond 9, tanh is 1 to float precision.
    private static final float P0 = 0.9999999915619198f, P1 = 0.13073649813274119f, P2 = 0.0030924411706307153f,
            P3 = 1.103601600688894e-05f, P4 = -1.976180055403e-08f, P5 = 5.0655282050766885e-11f,
            P6 = -7.974151303507483e-14f;
    private static final float Q1 = 0.4640697486562996f, Q2 = 0.024449154596547337f, Q3 = 0.00025294933032347206f;

    /** tanh, within 3.3e-7 of the exact value (5 float ulps near 1); odd, within [-1, 1]; NaN stays NaN. */
    static float tanh(float a) {
        float x = Math.max(-9f, Math.min(9f, a)), s = x * x;
        float num = P0 + s * (P1 + s * (P2 + s * (P3 + s * (P4 + s * (P5 + s * P6)))));
        float den = 1 + s * (Q1 + s * (Q2 + s * Q3));
        return Math.max(-1f, Math.min(1f, x * num / den));
    }

    /** The logistic sigmoid as (1 + tanh(a / 2)) / 2: within 2e-7 of the exact value (absolute, also in the tails). */
    static float sigmoid(float a) {
        return 0.5f + 0.5f * tanh(0.5f * a);
    }

    /** x = s(x) for x[from, to), in place. */
    static void sigmoid(float[] x, int from, int to) {
        for (int i = from; i < to; i++) x[i] = sigmoid(x[i]);
    }

    /**
     * softplus(x) = log(1 + e^x) from x and s(x): -log(1 - s(x)) = x - log(s(x)), so with y = 1/2 + |s(x) - 1/2|
     * (that is s(x) for x > 0, 1 - s(x) otherwise, always in [1/2, 1]) softplus(x) = max(x, 0) - log(y). No exp, no
     * overflow; within 2.5e-7 of the exact value beyond float's rounding of the result, plus what s(x) is off by.
     */
    static float softplus(float x, float sx) {
        return Math.max(x, 0f) - logHalfToOne(0.5f + Math.abs(sx - 0.5f));
    }

    /**
     * log y for y in [1/2, 1]: 2 atanh(z) with z = (y - 1) / (y + 1) in [-1/3, 0], as its series to z^17 (next term
     * below 1e-10); within 1.5e-7 of the exact value.
     */
    static float logHalfToOne(float y) {
        float z = (y - 1) / (y + 1), z2 = z * z;
        float series = 1 + z2 * (1 / 3f + z2 * (1 / 5f + z2 * (1 / 7f + z2 * (1 / 9f + z2 * (1 / 11f
                + z2 * (1 / 13f + z2 * (1 / 15f + z2 * (1 / 17f))))))));
        return 2 * z * series;
    }
}
