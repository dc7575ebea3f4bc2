/**
 * Evaluation of an RNN-RBM as in Boulanger-Lewandowski, Bengio &amp; Vincent (ICML 2012), Table 1, and the
 * definitions the results table cites.
 *
 * <h2>Negative log-likelihood per time step (NLL)</h2>
 * {@code NLL = -(1/T) sum_t log P(v_t | v_<t)} in nats, where {@code log P(v_t | v_<t) = -F_t(v_t) - log Z_t} under
 * the conditional RBM_t the RNN derives from the true history ({@link org.chorale.model.RnnRbm#condition}), with the
 * free energy {@code F_t(v) = -v.bv_t - sum_j softplus(bh_t,j + (vW)_j)} ({@link org.chorale.model.eval.FreeEnergy}).
 * The paper prints the log-likelihood, {@code -NLL}. log Z_t is
 * <ul>
 *   <li>exact ({@link org.chorale.model.eval.PartitionFunction}) when the RBM's smaller layer has at most
 *   {@link org.chorale.model.eval.EvalSettings#exactMaxUnits()} units (20 by default), by enumerating it;</li>
 *   <li>otherwise estimated by Annealed Importance Sampling ({@link org.chorale.model.eval.Ais}: M runs, K
 *   temperatures, base model W = 0). AIS estimates Z without bias, so log Z is low on average and the NLL slightly
 *   optimistic; {@link org.chorale.model.eval.Evaluation#nllStandardError()} is its Monte Carlo error bar.</li>
 * </ul>
 * T counts time steps (frames). For windowed models (several frames per RBM) each RBM row's NLL is divided by
 * stepsPerRbm: T = rows x stepsPerRbm, a piece's last, padded window counted whole.
 * Reference points: independent fair coins on 88 keys ("Random" in the paper) give 88 ln 2 = 61.00 nats; the
 * {@link org.chorale.model.eval.BernoulliBaseline} (per-unit frequencies of the training split) is the bar a model
 * must clear.
 *
 * <h2>Expected frame-level accuracy (ACC)</h2>
 * Bay et al. (2009)'s {@code TP / (TP + FP + FN)} of next-step prediction: for each step, given the true history,
 * S samples of v_t are drawn from RBM_t (a k-step Gibbs chain started at the true previous frame, silence at the
 * first step, as in generation), and each sample's true positives, false positives and false negatives (notes
 * sounding in sample and truth, in the sample only, in the truth only) are compared with the true frame.
 * <b>Averaging:</b> the counts are summed over all samples, steps, pitches and pieces before the ratio is taken
 * (not a mean of per-step ratios), so a step silent in both sample and truth contributes nothing. With S = 0 the
 * prediction is the mean-field visible after k iterations, thresholded at 0.5. For windowed models every real
 * frame of a row counts (padding does not) and a predicted onset counts as a sounding note.
 * See {@link org.chorale.model.eval.FrameAccuracy}.
 *
 * <h2>Entry point</h2>
 * {@link org.chorale.model.eval.Evaluator#evaluate} returns an {@link org.chorale.model.eval.Evaluation};
 * {@link org.chorale.model.eval.EvalSettings#perEpoch()} is cheap enough for validation after each training epoch,
 * {@link org.chorale.model.eval.EvalSettings#paper()} is for the final table. All sampling uses explicit seeded
 * streams, one per chain, so results depend only on model, data and settings, not on threads.
 */
package org.chorale.model.eval;
