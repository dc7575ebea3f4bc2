package org.chorale.model;

import org.chorale.music.PianoRoll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VisibleBiasInitTest {
    private static final ModelConfig C = TestModels.tiny().withRange(60, 12).withHidden(6).withRecurrent(4);

    /** 60 sounds in half the steps, 64 in a quarter, nothing else ever. */
    private static PianoRoll corpus() {
        return PianoRoll.builder().range(60, 12).steps(new int[][] {{60, 64}, {60}, {}, {}}).build();
    }

    @Test
    void biasesAreTheLogOddsOfTheCorpusMarginalsWithAFloor() {
        float[] bias = VisibleBiasInit.fromCorpus(C, List.of(corpus()));
        assertEquals(C.visibleSize(), bias.length);
        assertEquals(0.0, bias[0], 1e-6);                          // p = 1/2
        assertEquals(Math.log(0.25 / 0.75), bias[4], 1e-6);        // p = 1/4
        double floor = Math.log(VisibleBiasInit.FLOOR / (1 - VisibleBiasInit.FLOOR));
        assertEquals(floor, bias[1], 1e-5, "a pitch the corpus never plays is nearly always off, not impossible");
    }

    @Test
    void aSessionStartsFromThemAndRefusesOnceTrained() {
        TrainingSession session = TrainingSession.start(C, 3);
        session.initVisibleBiasesFromCorpus(List.of(corpus()));
        float[] bv = session.model().bv().toFloatVector();
        assertArrayEquals(VisibleBiasInit.fromCorpus(C, List.of(corpus())), bv, 1e-6f);
        session.runEpoch(List.of(corpus()));
        assertThrows(IllegalStateException.class, () -> session.initVisibleBiasesFromCorpus(List.of(corpus())));
    }

    @Test
    void theConfigAsksForThemAndTheFirstEpochStartsThere() {
        // A learning rate too small to move anything: after the first epoch bv is still where it started.
        ModelConfig c = C.withVisibleBiasInit(ModelConfig.CORPUS_INIT).withLearningRate(1e-12).withMomentum(0);
        TrainingSession session = TrainingSession.start(c, 3);
        session.runEpoch(List.of(corpus()));
        assertArrayEquals(VisibleBiasInit.fromCorpus(C, List.of(corpus())), session.model().bv().toFloatVector(), 1e-5f);
        TrainingSession zero = TrainingSession.start(c.withVisibleBiasInit(ModelConfig.ZERO_INIT), 3);
        zero.runEpoch(List.of(corpus()));
        assertEquals(0.0, zero.model().bv().norm2Number().doubleValue(), 1e-6, "the default stays at zero");
    }
}
