package org.chorale.bench.paper;

import java.util.Map;

/**
 * The published figures the table is measured against: Boulanger-Lewandowski, Bengio &amp; Vincent (ICML 2012),
 * Table 1, test split, log-likelihood per time step (nats) and expected frame-level accuracy (%).
 *
 * @param rnnRbmLl      RNN-RBM log-likelihood per step
 * @param rnnRbmAcc     RNN-RBM frame accuracy, %
 * @param bestLl        the table's best log-likelihood, RNN-NADE trained with Hessian-free optimisation
 * @param noteOneGramLl Note 1-gram baseline (independent Bernoulli per pitch)
 * @param randomLl      uniform random: 88 ln 0.5 = -61.00
 */
public record PaperReference(double rnnRbmLl, double rnnRbmAcc, double bestLl, double noteOneGramLl, double randomLl) {

    /** Keyed by the folder names under {@code ../shared/data/benchmarks}. */
    public static final Map<String, PaperReference> TABLE_1 = Map.of(
            "jsb-chorales", new PaperReference(-6.27, 33.12, -5.56, -11.06, -61.00),
            "nottingham", new PaperReference(-2.39, 75.40, -2.31, -10.25, -61.00),
            "piano-midi-de", new PaperReference(-7.09, 28.92, -7.05, -11.05, -61.00));

    /** The reference for a set, or null when the paper has none. */
    public static PaperReference of(String set) {
        return TABLE_1.get(set);
    }
}
