package org.chorale.it.fleet;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on a condition with a deadline: the only way these tests wait. */
public final class Await {
    private static final long CHECK_EVERY_MILLIS = 100;

    private Await() {}

    /**
     * Checks {@code condition} until it holds; fails after {@code timeout} with {@code what} and the state that
     * {@code diagnosis} describes at that moment.
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnosis) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + ": " + diagnosis.get());
            }
            pause();
        }
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "(no more detail)");
    }

    /** The pause between two checks of a condition that gives no signal of its own (a file, an HTTP endpoint). */
    static void pause() {
        try {
            Thread.sleep(CHECK_EVERY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
