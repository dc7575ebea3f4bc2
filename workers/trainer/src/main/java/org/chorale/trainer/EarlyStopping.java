package org.chorale.trainer;

import java.util.Map;

/**
 * Early stopping on the validation NLL: the best NLL so far and how many epochs have passed without beating it.
 * Both travel in the checkpoint's metrics map, so a job resumed on another worker (or after a crash) stops at the
 * same epoch it would have stopped at without the interruption.
 *
 * @param bestValidNll   lowest validation NLL per step seen so far; NaN before the first validated epoch
 * @param epochsSinceBest epochs since that best (0 when the last epoch set it)
 */
record EarlyStopping(double bestValidNll, int epochsSinceBest) {
    static final String BEST_KEY = "bestValidNllPerStep";
    static final String SINCE_BEST_KEY = "epochsSinceBest";

    /** The state before the first epoch. */
    static EarlyStopping initial() { return new EarlyStopping(Double.NaN, 0); }

    /** The state stored in a checkpoint's metrics (the initial state when absent). */
    static EarlyStopping from(Map<String, Double> metrics) {
        Double best = metrics.get(BEST_KEY);
        Double since = metrics.get(SINCE_BEST_KEY);
        return new EarlyStopping(best == null ? Double.NaN : best, since == null ? 0 : since.intValue());
    }

    /** The state after an epoch that reached {@code validNll}. Without validation (null or NaN) nothing can be
     *  judged, so the state stays: a dataset with no valid split is never stopped early. */
    EarlyStopping after(Double validNll) {
        if (validNll == null || validNll.isNaN()) return this;
        if (Double.isNaN(bestValidNll) || validNll < bestValidNll) return new EarlyStopping(validNll, 0);
        return new EarlyStopping(bestValidNll, epochsSinceBest + 1);
    }

    /** True when {@code patience} (> 0) epochs in a row brought no better validation NLL. */
    boolean exhausted(int patience) { return patience > 0 && epochsSinceBest >= patience; }

    /** The entries to keep in the checkpoint's metrics. */
    Map<String, Double> asMetrics() {
        return Double.isNaN(bestValidNll)
                ? Map.of(SINCE_BEST_KEY, (double) epochsSinceBest)
                : Map.of(BEST_KEY, bestValidNll, SINCE_BEST_KEY, (double) epochsSinceBest);
    }
}
