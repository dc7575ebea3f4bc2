package org.chorale.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class BackendTest {
    @Test
    void describesTheCpuBackendAndItsOffHeapMemory() {
        Nd4j.zeros(100, 100); // make sure something lives off-heap
        Backend.Info info = Backend.describe();
        assertEquals("cpu", info.name(), "the test build uses nd4j-native");
        assertTrue(info.device().startsWith("CPU, "), info.device());
        assertTrue(info.offheapBytes() > 0);
        assertTrue(info.maxOffheapBytes() >= info.offheapBytes());
    }

    @Test
    void threadsCanBeLimitedAtRunTime() {
        int before = Backend.threads();
        try {
            Backend.limitThreads(1);
            assertEquals(1, Backend.threads());
            assertEquals(1, Nd4j.factory().blas().getMaxThreads());
            assertThrows(IllegalArgumentException.class, () -> Backend.limitThreads(0));
        } finally {
            Backend.limitThreads(before);
        }
    }

    @Test
    void requireCudaRefusesTheCpuFallbackAndSaysWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Backend::requireCuda);
        assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
        assertTrue(e.getMessage().contains("Hopper"), e.getMessage());
    }
}
