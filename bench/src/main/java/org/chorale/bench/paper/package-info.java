/**
 * Reproduction of the paper's Table 1 (Boulanger-Lewandowski et al. 2012) for the RNN-RBM on the three benchmark
 * sets: training with early stopping on validation, test-split log-likelihood by AIS and frame accuracy, beside the
 * published figures; writes JSON, a markdown table and PNG learning curves. Run by hand, see docs/results.md.
 */
package org.chorale.bench.paper;
