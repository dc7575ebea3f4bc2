package org.chorale.model.eval;

/**
 * AIS estimates for T RBMs: {@code logZ[t]} = log of the mean importance weight times Z_base (a log-mean-exp over
 * the M runs), and {@code standardError[t]}, the standard error of that estimate in nats (delta method:
 * sd(w) / (sqrt(M) mean(w))). The estimate of Z is unbiased, so log Z is on average slightly low (Jensen).
 */
public record AisResult(double[] logZ, double[] standardError, AisSettings settings) {
    public int steps() { return logZ.length; }

    /** Standard error of the mean of log Z over all steps, treating steps as independent. */
    public double meanStandardError() {
        double s = 0;
        for (double e : standardError) s += e * e;
        return logZ.length == 0 ? 0 : Math.sqrt(s) / logZ.length;
    }
}
