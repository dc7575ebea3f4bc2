package org.chorale.generator;

import org.chorale.model.Backend;
import org.chorale.runtime.ChoraleConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RequireGpuTest {
    @Test
    void aGeneratorDeployedForAGpuRefusesToComposeOnTheCpu() {
        assumeTrue("cpu".equals(Backend.describe().name()), "this build runs ND4J on CUDA");
        // No broker is needed: the check comes before any Kafka client is made.
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new GeneratorWorker(ChoraleConfig.of(Map.of(GeneratorWorker.REQUIRE_GPU, "true"))));
        assertTrue(e.getMessage().contains("CUDA") && e.getMessage().contains("8.6"), e.getMessage());
    }
}
