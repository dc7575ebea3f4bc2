package org.chorale.model;

/** Scalar helpers shared by the Java-side loops. */
final class Sampling {
    private Sampling() {}

    static double sigmoid(double a) {
        return a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a));
    }

    /** log(1 + e^a) without overflow. */
    static double softplus(double a) {
        return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
    }
}
