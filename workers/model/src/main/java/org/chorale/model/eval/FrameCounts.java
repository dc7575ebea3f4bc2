package org.chorale.model.eval;

/**
 * True positives, false positives and false negatives of predicted against actual sounding notes, summed over
 * frames, pitches (and samples, for the expected accuracy; fractional for analytic expectations).
 * Accuracy (Bay et al. 2009) = TP / (TP + FP + FN) of the sums; a frame silent in both prediction and truth adds
 * nothing.
 */
public record FrameCounts(double truePositives, double falsePositives, double falseNegatives) {
    public static final FrameCounts ZERO = new FrameCounts(0, 0, 0);

    public FrameCounts plus(FrameCounts o) {
        return new FrameCounts(truePositives + o.truePositives, falsePositives + o.falsePositives,
                falseNegatives + o.falseNegatives);
    }

    /** TP / (TP + FP + FN); NaN when nothing sounded in either prediction or truth. */
    public double accuracy() {
        double d = truePositives + falsePositives + falseNegatives;
        return d == 0 ? Double.NaN : truePositives / d;
    }
}
