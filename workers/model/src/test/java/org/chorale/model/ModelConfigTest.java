package org.chorale.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ModelConfigTest {
    @Test
    void paperDefaultsMirrorTheAvroHyperparameters() {
        ModelConfig p = ModelConfig.paper();
        assertEquals(new ModelConfig(21, 88, 4, 1, false, 150, 100, "tanh", 15, "sgd", 0.001, 0.9, 16, 100, 5.0, 0.01,
                0, 20, 0, 10, "zero", 0), p);
        assertSame(p, p.validate());
        assertEquals(22, p.toMap().size(), "one entry per Avro field");
    }

    @Test
    void theLastDecayEpochsRunAtATenthOfTheLearningRate() {
        ModelConfig c = ModelConfig.paper().withLearningRate(0.01).withEpochs(30).withLearningRateDecayEpochs(10);
        assertEquals(0.01, c.learningRateAt(1));
        assertEquals(0.01, c.learningRateAt(20));
        assertEquals(0.001, c.learningRateAt(21), 1e-15);
        assertEquals(0.001, c.learningRateAt(30), 1e-15);
        assertEquals(0.01, c.withLearningRateDecayEpochs(0).learningRateAt(30), "0: constant");
        assertEquals(0.01, c.withLearningRateDecayEpochs(0).learningRateAt(45), "0: constant past the job's epochs too");
        assertEquals(0.001, c.learningRateAt(45), 1e-15, "a session run past its epochs stays in the tail");
        assertThrows(IllegalArgumentException.class, () -> c.withLearningRateDecayEpochs(31).validate());
        assertThrows(IllegalArgumentException.class, () -> c.withLearningRateDecayEpochs(-1).validate());
    }

    @Test
    void mapRoundTripAndDefaultsForMissingFields() {
        ModelConfig c = ModelConfig.writeUp().withOptimizer("adam").withPatience(3);
        assertEquals(c, ModelConfig.fromMap(c.toMap()));
        assertEquals(ModelConfig.paper().withHidden(77), ModelConfig.fromMap(Map.of("hidden", 77, "futureField", "x")));
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromMap(Map.of("hidden", "many")));
    }

    @Test
    void validationNamesTheBadField() {
        assertMessage(ModelConfig.paper().withRange(100, 88), "pitch range");
        assertMessage(ModelConfig.paper().withRecurrence("relu"), "recurrence");
        assertMessage(ModelConfig.paper().withOptimizer("rmsprop"), "optimizer");
        assertMessage(ModelConfig.paper().withCdK(0), "cdK");
        assertMessage(ModelConfig.paper().withMomentum(1.0), "momentum");
        assertMessage(ModelConfig.paper().withLearningRate(Double.NaN), "learningRate");
        assertEquals("sigmoid", ModelConfig.paper().withRecurrence("SIGMOID").recurrence(), "names are case-insensitive");
    }

    private static void assertMessage(ModelConfig c, String field) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::validate);
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
