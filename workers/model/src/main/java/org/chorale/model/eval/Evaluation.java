package org.chorale.model.eval;

/**
 * The measures of one model on one split (definitions in the package documentation).
 *
 * @param nllPerStep       mean negative log-likelihood per time step (frame), nats: -(1/T) sum_t log P(v_t | v_&lt;t)
 * @param nllStandardError Monte Carlo standard error of nllPerStep from AIS (0 when log Z is exact)
 * @param frameAccuracy    expected frame-level accuracy of next-step prediction, TP / (TP + FP + FN) of summed counts
 * @param steps            time steps (frames) the NLL is averaged over
 * @param pieces           pieces evaluated
 * @param logZMethod       "exact" or "ais"
 * @param aisRuns          M (0 when exact)
 * @param aisTemperatures  K (0 when exact)
 * @param accuracySamples  S samples per step (0: mean-field prediction)
 * @param seconds          wall time of the evaluation
 */
public record Evaluation(double nllPerStep, double nllStandardError, double frameAccuracy, long steps, int pieces,
                         String logZMethod, int aisRuns, int aisTemperatures, int accuracySamples, double seconds) {
    public static final String EXACT = "exact";
    public static final String AIS = "ais";

    /** Log-likelihood per step as the paper's Table 1 prints it (the negative of the NLL). */
    public double logLikelihoodPerStep() { return -nllPerStep; }

    /**
     * True when the figure is impossible: a probability of binary frames is at most 1, so the NLL is at least 0.
     * AIS estimates log Z low (its Z estimate is unbiased, so its log is biased down), which makes the NLL
     * optimistic; on sharply peaked conditionals (Nottingham) a cheap schedule can push it below 0. Such a figure
     * says "raise K and M", not "this model is good".
     */
    public boolean logZUnderestimated() { return nllPerStep < 0; }

    @Override public String toString() {
        String z = AIS.equals(logZMethod) ? "AIS M=" + aisRuns + " K=" + aisTemperatures : "exact log Z";
        return String.format(java.util.Locale.ROOT, "NLL %.3f +- %.3f nats/step, ACC %.2f %%, %d steps, %d pieces (%s, %s), %.1f s%s",
                nllPerStep, nllStandardError, 100 * frameAccuracy, steps, pieces, z,
                accuracySamples == 0 ? "mean-field accuracy" : accuracySamples + " samples/step", seconds,
                logZUnderestimated() ? " [impossible NLL < 0: AIS underestimated log Z; raise K and M]" : "");
    }
}
