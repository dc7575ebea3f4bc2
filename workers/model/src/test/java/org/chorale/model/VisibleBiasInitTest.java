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
}
