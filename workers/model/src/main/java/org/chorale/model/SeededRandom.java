package org.chorale.model;

import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An explicit ND4J generator for one seeded stream (never the global per-thread one), closable without the checked
 * exception of {@link Random#close()}.
 */
final class SeededRandom implements AutoCloseable {
    final Random random;

    SeededRandom(long seed) {
        this.random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    @Override public void close() {
        try {
            random.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not release an ND4J random generator", e);
        }
    }
}
