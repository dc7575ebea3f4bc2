package org.chorale.model.eval;

import org.chorale.model.ModelConfig;
import org.chorale.model.TrainingSession;
import org.chorale.music.PianoRoll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper's benchmark: a few epochs of the paper's configuration (88 keys, one step per RBM, 150 hidden, 100
 * recurrent, CD-15; Adam at 0.01 instead of SGD at 0.001 to learn in 8 epochs) on JSB chorales' training split must beat the Bernoulli baseline on validation pieces, NLL
 * by AIS. Skipped when ../shared/data is absent.
 */
class JsbChoralesLearningTest {
    private static final int EPOCHS = 8;

    @Test
    void aFewEpochsBeatTheBernoulliBaselineOnValidation() throws IOException {
        Map<String, List<PianoRoll>> jsb = SharedData.benchmark(SharedData.require("benchmarks/jsb-chorales/jsb-chorales.json"));
        List<PianoRoll> train = jsb.get("train"), valid = jsb.get("valid").subList(0, 20);
        assertEquals(229, train.size());
        ModelConfig config = ModelConfig.paper().withOptimizer(ModelConfig.ADAM).withLearningRate(0.01);
        BernoulliBaseline baseline = BernoulliBaseline.fit(config, train);
        double baseNll = baseline.nllPerStep(valid), baseAcc = baseline.frameAccuracy(valid);

        long start = System.nanoTime();
        TrainingSession session = TrainingSession.start(config, 11);
        for (int e = 0; e < EPOCHS; e++) session.runEpoch(train);
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        Evaluation e = Evaluator.evaluate(session.model(), valid, EvalSettings.perEpoch());
        String trace = String.format("baseline NLL %.3f ACC %.3f; after %d epochs (%.1f s) %s", baseNll, baseAcc, EPOCHS, trainSeconds, e);
        System.out.println(trace);

        assertEquals(Evaluation.AIS, e.logZMethod());
        assertTrue(e.nllStandardError() < 0.05, "AIS error bar " + e.nllStandardError());
        assertTrue(e.nllPerStep() < baseNll - 1.0, "must beat the baseline by a nat per step: " + trace);
        assertTrue(e.frameAccuracy() > 1.5 * baseAcc, trace);
    }
}
