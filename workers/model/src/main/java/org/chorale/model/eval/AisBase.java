package org.chorale.model.eval;

/**
 * The tractable model AIS starts from: an RBM with W = 0 (independent visible units, log Z known in closed form)
 * whose visible biases are chosen per step.
 */
public enum AisBase {
    /** The step's own visible biases bv_t: the target with its weights switched off. Needs nothing but the model,
     *  and the visible energy term then stays constant along the path. */
    VISIBLE_BIASES,
    /** The mean-field marginals of RBM_t (q = s(bv_t + s(bh_t + qW) W^T), iterated from s(bv_t)), as a factorial
     *  distribution: closer to the target when the hidden units shift the visible marginals, as they do in a
     *  trained model. The data-free counterpart of Salakhutdinov &amp; Murray's data base rate. The default: on a
     *  trained JSB model its runs' spread was 30x smaller than with {@link #VISIBLE_BIASES} (see {@link Ais}). */
    MEAN_FIELD
}
