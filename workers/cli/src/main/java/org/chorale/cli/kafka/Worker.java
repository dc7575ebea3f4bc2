package org.chorale.cli.kafka;

import org.chorale.generator.GeneratorWorker;
import org.chorale.ingest.IngestWorker;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.trainer.TrainerWorker;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * One started worker, whatever its role: the three worker classes share a shape (run, close, healthy, metrics
 * port) but no interface, so this adapter is the CLI's one view of them.
 */
public final class Worker implements AutoCloseable {

    /** The three roles, in the order a fleet starts them. */
    public enum Role {
        INGEST, TRAINER, GENERATOR;

        public String id() { return name().toLowerCase(Locale.ROOT); }

        /** The port docs/metrics.md gives this role in {@code chorale standalone}. */
        public int standalonePort() { return 9401 + ordinal(); }
    }

    private final Role role;
    private final Runnable loop;
    private final AutoCloseable closer;
    private final IntSupplier metricsPort;
    private final BooleanSupplier healthy;
    private Thread thread;

    private Worker(Role role, Runnable loop, AutoCloseable closer, IntSupplier metricsPort, BooleanSupplier healthy) {
        this.role = role;
        this.loop = loop;
        this.closer = closer;
        this.metricsPort = metricsPort;
        this.healthy = healthy;
    }

    /** Builds the worker of {@code role} (it creates missing topics and starts its metrics server). */
    public static Worker create(Role role, ChoraleConfig config) {
        return switch (role) {
            case INGEST -> {
                IngestWorker w = new IngestWorker(config);
                yield new Worker(role, w, w, w::metricsPort, w::healthy);
            }
            case TRAINER -> {
                TrainerWorker w = new TrainerWorker(config);
                yield new Worker(role, w, w, w::metricsPort, w::healthy);
            }
            case GENERATOR -> {
                GeneratorWorker w = new GeneratorWorker(config);
                yield new Worker(role, w, w, w::metricsPort, w::healthy);
            }
        };
    }

    public Role role() { return role; }

    public int metricsPort() { return metricsPort.getAsInt(); }

    public boolean healthy() { return healthy.getAsBoolean(); }

    /** Runs the worker's loop in the calling thread until {@link #close()}. */
    public void run() { loop.run(); }

    /** Runs the worker's loop in a thread of its own. */
    public void start() {
        start(() -> { });
    }

    /** Runs the loop in a thread of its own and calls {@code onExit} when it returns (closed, or a fatal error). */
    public void start(Runnable onExit) {
        thread = new Thread(() -> {
            try {
                loop.run();
            } finally {
                onExit.run();
            }
        }, "chorale-" + role.id());
        thread.start();
    }

    /** Stops the loop (finishing or aborting the batch in hand) and waits for its thread. */
    @Override public void close() {
        try {
            closer.close();
            if (thread != null) thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the " + role.id() + " worker failed: " + e.getMessage(), e);
        }
    }
}
