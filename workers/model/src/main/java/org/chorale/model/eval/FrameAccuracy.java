package org.chorale.model.eval;

import org.chorale.model.ConditionalRbms;
import org.chorale.model.ModelConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Frame-level accuracy of next-step prediction (Bay et al. 2009), as the paper reports it: for each step t, given
 * the true history (that is, the conditional RBM_t), the model's prediction of v_t is compared with the true v_t.
 *
 * <ul>
 *   <li>{@link #sampled Expected accuracy}: S samples of v_t per step, each from a Gibbs chain of k steps in RBM_t
 *   started at the previous true visible row v_{t-1} (zeros at t = 1), as generation does. TP, FP and FN of every
 *   sample are summed over samples, steps and pitches; accuracy = sum TP / (sum TP + sum FP + sum FN), so a step
 *   silent in both sample and truth contributes nothing.</li>
 *   <li>{@link #meanField Mean-field prediction} (S = 0): the same chain with probabilities instead of samples
 *   (k iterations of v &lt;- s(bv_t + s(bh_t + vW) W^T)), thresholded at 0.5.</li>
 * </ul>
 * For windowed models each visible row holds several frames; every real frame's play bits count (padding after a
 * piece's end does not), and a predicted onset bit counts as a sounding note. All steps x samples run as batched
 * chains ({@link ChainBlock}), each with its own seeded random stream.
 */
public final class FrameAccuracy {
    private final FrameLayout layout;

    public FrameAccuracy(ModelConfig config) {
        this.layout = FrameLayout.of(config.validate());
    }

    /**
     * Expected-accuracy counts of one sequence. {@code frames} is the piece's length in frames (rows x stepsPerRbm
     * or less: frames past it are padding); {@code stream} keeps the random streams of different pieces apart.
     */
    public FrameCounts sampled(ConditionalRbms rbms, int frames, int samples, int gibbsSteps, long seed, long stream) {
        if (samples < 1) throw new IllegalArgumentException("sampled accuracy needs at least one sample per step");
        if (gibbsSteps < 1) throw new IllegalArgumentException("gibbsSteps must be positive, got " + gibbsSteps);
        Sequence s = new Sequence(rbms, layout);
        int chains = s.rbm.steps * samples;
        INDArray weights = ChainBlock.floatWeights(rbms.W());
        int rows = ChainBlock.rowsPerBlock(chains);
        long[][] perBlock = new long[ChainBlock.blocks(chains, rows)][3];
        IntStream.range(0, perBlock.length).parallel().forEach(block -> {
            int first = block * rows, count = Math.min(chains, first + rows) - first;
            ChainBlock c = new ChainBlock(weights, count);
            SplittableRandom[] rng = new SplittableRandom[count];
            for (int r = 0; r < count; r++) {
                rng[r] = new SplittableRandom(Functions.chainSeed(seed, stream, first + r));
                s.startAtPreviousRow(c.visible, r, (first + r) / samples);
            }
            for (int k = 0; k < gibbsSteps; k++) {
                c.computeHiddenInput();
                for (int r = 0; r < count; r++) {
                    int hb = (first + r) / samples * s.rbm.nh, row = r * s.rbm.nh;
                    for (int j = 0; j < s.rbm.nh; j++)
                        c.hidden[row + j] = bernoulli(c.hiddenInput[row + j] + s.rbm.bh[hb + j], rng[r]);
                }
                c.computeVisibleDrive();
                for (int r = 0; r < count; r++) {
                    int vb = (first + r) / samples * s.rbm.nv, row = r * s.rbm.nv;
                    for (int i = 0; i < s.rbm.nv; i++)
                        c.visible[row + i] = bernoulli(c.visibleDrive[row + i] + s.rbm.bv[vb + i], rng[r]);
                }
            }
            for (int r = 0; r < count; r++) s.count(c.visible, r, (first + r) / samples, frames, perBlock[block]);
        });
        return sum(perBlock);
    }

    /** Mean-field prediction counts of one sequence (see the class comment). */
    public FrameCounts meanField(ConditionalRbms rbms, int frames, int gibbsSteps) {
        if (gibbsSteps < 1) throw new IllegalArgumentException("gibbsSteps must be positive, got " + gibbsSteps);
        Sequence s = new Sequence(rbms, layout);
        INDArray weights = ChainBlock.floatWeights(rbms.W());
        int steps = s.rbm.steps;
        int rows = ChainBlock.rowsPerBlock(steps);
        long[][] perBlock = new long[ChainBlock.blocks(steps, rows)][3];
        IntStream.range(0, perBlock.length).parallel().forEach(block -> {
            int first = block * rows, count = Math.min(steps, first + rows) - first;
            ChainBlock c = new ChainBlock(weights, count);
            for (int r = 0; r < count; r++) s.startAtPreviousRow(c.visible, r, first + r);
            for (int k = 0; k < gibbsSteps; k++) {
                c.computeHiddenInput();
                for (int r = 0; r < count; r++) {
                    int hb = (first + r) * s.rbm.nh, row = r * s.rbm.nh;
                    for (int j = 0; j < s.rbm.nh; j++)
                        c.hidden[row + j] = (float) Functions.sigmoid(c.hiddenInput[row + j] + s.rbm.bh[hb + j]);
                }
                c.computeVisibleDrive();
                for (int r = 0; r < count; r++) {
                    int vb = (first + r) * s.rbm.nv, row = r * s.rbm.nv;
                    for (int i = 0; i < s.rbm.nv; i++)
                        c.visible[row + i] = (float) Functions.sigmoid(c.visibleDrive[row + i] + s.rbm.bv[vb + i]);
                }
            }
            for (int r = 0; r < count; r++) s.count(c.visible, r, first + r, frames, perBlock[block]);
        });
        return sum(perBlock);
    }

    private static float bernoulli(double input, SplittableRandom rng) {
        return Ais.sampleLogistic(input, rng);
    }

    private static FrameCounts sum(long[][] perBlock) {
        long tp = 0, fp = 0, fn = 0;
        for (long[] b : perBlock) { tp += b[0]; fp += b[1]; fn += b[2]; }
        return new FrameCounts(tp, fp, fn);
    }

    /** One sequence's RBMs and true rows. */
    private record Sequence(RbmStack rbm, byte[] truth, FrameLayout layout) {
        Sequence(ConditionalRbms rbms, FrameLayout layout) {
            this(new RbmStack(rbms.W(), rbms.bv(), rbms.bh()), Matrices.binary(rbms.visible()), layout);
            if (rbm.nv != layout.rowUnits())
                throw new IllegalArgumentException("the RBMs have " + rbm.nv + " visible units, the config "
                        + layout.rowUnits());
        }

        /** Chain r starts at the true row before step t (silence before the first). */
        void startAtPreviousRow(float[] visible, int r, int t) {
            int nv = rbm.nv;
            for (int i = 0; i < nv; i++) visible[r * nv + i] = t == 0 ? 0 : truth[(t - 1) * nv + i];
        }

        void count(float[] predicted, int r, int t, int frames, long[] tpFpFn) {
            int realFrames = frames - t * layout.framesPerRow();
            layout.count(predicted, r * rbm.nv, truth, t * rbm.nv, realFrames, tpFpFn);
        }
    }
}
