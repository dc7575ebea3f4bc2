package org.chorale.model.eval;

import org.chorale.model.ConditionalRbms;
import org.chorale.model.RnnRbm;
import org.chorale.model.VisibleEncoding;
import org.chorale.music.PianoRoll;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Measures an RNN-RBM on a set of pieces as the paper does: negative log-likelihood per time step
 * (-(1/T) sum_t log P(v_t | v_&lt;t), with log P(v_t | v_&lt;t) = -F_t(v_t) - log Z_t of the conditional RBM_t) and the
 * expected frame-level accuracy of next-step prediction. log Z_t is exact when the RBM's smaller layer is small
 * enough ({@link EvalSettings#exactMaxUnits()}), by {@link Ais} otherwise.
 *
 * <p>Each piece is encoded with {@link VisibleEncoding} and conditioned on its whole true history with
 * {@link RnnRbm#condition}; AIS then runs on batches of at most {@link EvalSettings#maxStepsPerBatch()} steps. Pieces
 * get separate random streams, so a result depends only on the model, the pieces (in order) and the settings.
 */
public final class Evaluator {
    private static final Logger log = LoggerFactory.getLogger(Evaluator.class);
    /** Keeps the accuracy sampler's random streams apart from AIS's under the same seed. */
    private static final long ACCURACY_STREAMS = 0x5eed_acc0_0000_0000L;

    private Evaluator() {}

    public static Evaluation evaluate(RnnRbm model, List<PianoRoll> pieces, EvalSettings s) {
        long start = System.nanoTime();
        var config = model.config();
        VisibleEncoding encoding = new VisibleEncoding(config);
        FrameAccuracy accuracy = new FrameAccuracy(config);
        boolean exact = PartitionFunction.enumeratedUnits(config.visibleSize(), config.hidden()) <= s.exactMaxUnits();
        double nll = 0, variance = 0;
        long rows = 0;
        FrameCounts counts = FrameCounts.ZERO;
        for (int p = 0; p < pieces.size(); p++) {
            PianoRoll roll = pieces.get(p);
            if (roll.length() == 0) continue;
            ConditionalRbms rbms = model.condition(encoding.encode(roll, model.dataType()));
            double[] freeEnergy = FreeEnergy.of(rbms);
            for (double f : freeEnergy) nll += f;
            if (exact) {
                for (double z : PartitionFunction.exactLogZ(rbms.W(), rbms.bv(), rbms.bh())) nll += z;
            } else {
                for (int from = 0; from < rbms.steps(); from += s.maxStepsPerBatch()) {
                    int to = Math.min(rbms.steps(), from + s.maxStepsPerBatch());
                    AisResult ais = Ais.logZ(new RbmStack(rbms.W(), rows(rbms.bv(), from, to), rows(rbms.bh(), from, to)),
                            s.ais(), p, from);
                    for (int t = 0; t < ais.steps(); t++) {
                        nll += ais.logZ()[t];
                        variance += ais.standardError()[t] * ais.standardError()[t];
                    }
                }
            }
            counts = counts.plus(s.accuracySamples() > 0
                    ? accuracy.sampled(rbms, roll.length(), s.accuracySamples(), s.gibbsSteps(), s.seed(), ACCURACY_STREAMS + p)
                    : accuracy.meanField(rbms, roll.length(), s.gibbsSteps()));
            rows += rbms.steps();
        }
        long steps = rows * config.stepsPerRbm();
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation e = new Evaluation(nll / steps, exact ? 0 : Math.sqrt(variance) / steps, counts.accuracy(), steps,
                pieces.size(), exact ? Evaluation.EXACT : Evaluation.AIS, exact ? 0 : s.aisRuns(),
                exact ? 0 : s.aisTemperatures(), s.accuracySamples(), seconds);
        log.info("evaluated {}: {}", model, e);
        return e;
    }

    private static INDArray rows(INDArray m, int from, int to) {
        return m.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }
}
