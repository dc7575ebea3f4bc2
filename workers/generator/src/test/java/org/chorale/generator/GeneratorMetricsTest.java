package org.chorale.generator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GeneratorMetricsTest {

    /** The worker passes a method reference that nothing else holds; the gauge must keep it past a GC. */
    @Test void modelsLoadedSurvivesGarbageCollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GeneratorMetrics(registry, new Object() {
            int loaded() { return 2; }
        }::loaded);
        for (int i = 0; i < 3; i++) System.gc();
        assertEquals(2.0, registry.get("chorale.generation.models.loaded").gauge().value());
    }
}
