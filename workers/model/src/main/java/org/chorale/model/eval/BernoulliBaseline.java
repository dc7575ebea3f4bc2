package org.chorale.model.eval;

import org.chorale.model.ModelConfig;
import org.chorale.model.VisibleEncoding;
import org.chorale.music.PianoRoll;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;

/**
 * The baseline every model must beat: each visible unit an independent Bernoulli variable, its probability the
 * Laplace-smoothed frequency (ones + 1) / (rows + 2) of that unit over the training rows (per pitch for one-step
 * models, per pitch, frame of the window and bit kind for windowed ones). The paper's "Random" row is the
 * all-0.5 case: 88 ln 2 = 61.00 nats per step on 88 keys.
 *
 * <p>Units as the evaluator's: NLL in nats per time step (frame): the summed NLL of the visible rows divided by
 * rows x stepsPerRbm (a piece's last, padded window counts as whole frames). Frame accuracy: the expected
 * accuracy of a prediction sampled from the Bernoulli units, TP / (TP + FP + FN) of counts summed over steps, in
 * closed form (E[TP] = q y, E[FP] = q (1 - y), E[FN] = (1 - q) y per pitch, q the probability that the pitch is
 * predicted to sound, y the truth), over real frames only.
 */
public final class BernoulliBaseline {
    private final ModelConfig config;
    private final double[] probabilities;

    private BernoulliBaseline(ModelConfig config, double[] probabilities) {
        this.config = config;
        this.probabilities = probabilities;
    }

    /** Fits the unit frequencies on the training pieces. */
    public static BernoulliBaseline fit(ModelConfig config, List<PianoRoll> train) {
        VisibleEncoding encoding = new VisibleEncoding(config);
        int nv = config.visibleSize();
        double[] ones = new double[nv];
        long rows = 0;
        for (PianoRoll roll : train) {
            double[] v = Matrices.rowMajor(encoding.encode(roll, DataType.DOUBLE));
            for (int k = 0; k < v.length; k++) ones[k % nv] += v[k];
            rows += v.length / nv;
        }
        double[] p = new double[nv];
        for (int i = 0; i < nv; i++) p[i] = (ones[i] + 1) / (rows + 2);
        return new BernoulliBaseline(config, p);
    }

    /** Every unit on with probability 1/2: the paper's "Random" baseline. */
    public static BernoulliBaseline uniform(ModelConfig config) {
        double[] p = new double[config.validate().visibleSize()];
        java.util.Arrays.fill(p, 0.5);
        return new BernoulliBaseline(config, p);
    }

    /** P(unit i = 1), one per visible unit (a copy). */
    public double[] probabilities() { return probabilities.clone(); }

    /** Mean negative log-likelihood per time step (frame), nats. */
    public double nllPerStep(List<PianoRoll> pieces) {
        VisibleEncoding encoding = new VisibleEncoding(config);
        int nv = config.visibleSize();
        double[] logOn = new double[nv], logOff = new double[nv];
        for (int i = 0; i < nv; i++) { logOn[i] = Math.log(probabilities[i]); logOff[i] = Math.log1p(-probabilities[i]); }
        double nll = 0;
        long rows = 0;
        for (PianoRoll roll : pieces) {
            double[] v = Matrices.rowMajor(encoding.encode(roll, DataType.DOUBLE));
            for (int k = 0; k < v.length; k++) nll -= v[k] > 0.5 ? logOn[k % nv] : logOff[k % nv];
            rows += v.length / nv;
        }
        return nll / ((double) rows * config.stepsPerRbm());
    }

    /** Expected frame accuracy on the pieces (see the class comment). */
    public double frameAccuracy(List<PianoRoll> pieces) {
        return expectedCounts(pieces).accuracy();
    }

    /** Expected TP, FP, FN summed over the pieces' real frames. */
    public FrameCounts expectedCounts(List<PianoRoll> pieces) {
        VisibleEncoding encoding = new VisibleEncoding(config);
        FrameLayout layout = FrameLayout.of(config);
        int nv = config.visibleSize(), pitches = layout.pitches(), units = layout.frameUnits();
        double tp = 0, fp = 0, fn = 0;
        for (PianoRoll roll : pieces) {
            double[] v = Matrices.rowMajor(encoding.encode(roll, DataType.DOUBLE));
            for (int frame = 0; frame < roll.length(); frame++) {
                int rowStart = frame / layout.framesPerRow() * nv, unit = frame % layout.framesPerRow() * units;
                for (int p = 0; p < pitches; p++) {
                    int i = unit + p;
                    double q = probabilities[i];
                    boolean on = v[rowStart + i] > 0.5;
                    if (layout.onsets()) { // a sampled onset sounds the pitch too
                        q = 1 - (1 - q) * (1 - probabilities[i + pitches]);
                        on |= v[rowStart + i + pitches] > 0.5;
                    }
                    if (on) { tp += q; fn += 1 - q; } else fp += q;
                }
            }
        }
        return new FrameCounts(tp, fp, fn);
    }
}
