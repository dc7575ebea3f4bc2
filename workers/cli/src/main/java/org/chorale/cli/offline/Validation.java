package org.chorale.cli.offline;

import org.chorale.model.ModelConfig;
import org.chorale.model.RnnRbm;
import org.chorale.model.eval.BernoulliBaseline;
import org.chorale.model.eval.EvalSettings;
import org.chorale.model.eval.Evaluation;
import org.chorale.model.eval.Evaluator;
import org.chorale.music.PianoRoll;

import java.util.List;

/**
 * The paper's measures of a model on a split, beside the independent-Bernoulli baseline fitted on the training
 * split — the figures {@code fit} prints per epoch and {@code eval} prints once.
 */
final class Validation {

    /** NLL per time step (nats), expected frame accuracy, how log Z was found, and the time it took. */
    record Figures(double nllPerStep, double frameAccuracy, String method, long steps, int pieces, double seconds) {}

    private final BernoulliBaseline baseline;
    private final EvalSettings settings;

    Validation(ModelConfig config, List<PianoRoll> train, EvalSettings settings) {
        this.baseline = BernoulliBaseline.fit(config, train);
        this.settings = settings;
    }

    Figures measure(RnnRbm model, List<PianoRoll> pieces) {
        Evaluation e = Evaluator.evaluate(model, pieces, settings);
        return new Figures(e.nllPerStep(), e.frameAccuracy(), e.logZMethod().equals(Evaluation.AIS) ? "AIS M=" + e.aisRuns() + " K=" + e.aisTemperatures() : e.logZMethod(), e.steps(), e.pieces(), e.seconds());
    }

    double baselineNll(List<PianoRoll> pieces) {
        return baseline.nllPerStep(pieces);
    }

    double baselineAccuracy(List<PianoRoll> pieces) {
        return baseline.frameAccuracy(pieces);
    }
}
