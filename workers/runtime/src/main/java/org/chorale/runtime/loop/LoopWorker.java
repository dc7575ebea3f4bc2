package org.chorale.runtime.loop;

import org.apache.kafka.clients.admin.Admin;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.Topics;
import org.chorale.runtime.metrics.WorkerMetrics;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every Chorale worker is around its {@link RecordHandler}: topics ensured at start, a metrics and health
 * server (its own, or one shared by the workers of one process), one {@link TransactionalLoop}, and an orderly
 * stop. A worker subclass builds its handler and hands the loop over with {@link #attach}; {@link #run()} blocks
 * until {@link #close()} or a fatal Kafka error.
 */
public abstract class LoopWorker implements Runnable, AutoCloseable {
    /** Whether the worker creates missing Chorale topics at start (off where the cluster forbids it). */
    public static final String ENSURE_TOPICS = "chorale.topics.ensure";

    private final String role;
    private final WorkerMetrics metrics;
    private final boolean ownsMetrics;
    private final AtomicBoolean resourcesClosed = new AtomicBoolean();
    private TransactionalLoop loop;
    private AutoCloseable loopResources = () -> { };

    /**
     * Ensures the topics (unless {@value #ENSURE_TOPICS} is false) and starts the metrics server on
     * {@code chorale.metrics.port}, or reports to {@code sharedMetrics} (not closed by this worker) when given.
     */
    protected LoopWorker(String role, ChoraleConfig config, WorkerMetrics sharedMetrics, WorkerMetrics.WorkerInfo info) {
        this.role = role;
        if (config.getBoolean(ENSURE_TOPICS, true)) {
            try (Admin admin = Admin.create(config.kafkaProperties())) {
                Topics.ensure(admin, config.topicSettings());
            }
        }
        ownsMetrics = sharedMetrics == null;
        metrics = ownsMetrics ? WorkerMetrics.start(role, config.instanceId(), info, config.metricsPort()) : sharedMetrics;
    }

    /**
     * Hands over the worker's loop, and what must be closed after it on the loop's own thread (Kafka readers the
     * handler uses are not thread-safe). Called once, at the end of the subclass's constructor.
     */
    protected final void attach(TransactionalLoop loop, AutoCloseable loopResources) {
        this.loop = loop;
        this.loopResources = loopResources;
        metrics.addHealthCheck(role + "-loop", loop::healthy);
    }

    /** For a subclass constructor that failed after this one: releases what was started, returns {@code e}. */
    protected final RuntimeException failedToStart(RuntimeException e) {
        if (ownsMetrics) metrics.close();
        return e;
    }

    /** Consumes until {@link #close()} or a fatal Kafka error. */
    @Override
    public final void run() {
        try {
            loop.run();
        } finally {
            closeLoopResources();
        }
    }

    /** True while the loop runs and its transactions go through (what {@code /healthz} reports). */
    public final boolean healthy() {
        return loop.healthy();
    }

    /** The port serving {@code /metrics} and {@code /healthz} (-1 when the shared metrics are not served). */
    public final int metricsPort() {
        return metrics.port();
    }

    public final WorkerMetrics metrics() {
        return metrics;
    }

    /**
     * Stops the loop (finishing the batch in hand for up to the loop's close wait; a batch that cannot commit is
     * redone by the next owner), closes the clients and, if it owns them, the metrics.
     */
    @Override
    public final void close() {
        loop.close();
        if (loop.state() != TransactionalLoop.State.RUNNING) closeLoopResources();
        metrics.removeHealthCheck(role + "-loop");
        if (ownsMetrics) metrics.close();
    }

    private void closeLoopResources() {
        if (resourcesClosed.compareAndSet(false, true)) {
            try {
                loopResources.close();
            } catch (Exception e) {
                throw new IllegalStateException(role + ": closing the loop's resources failed", e);
            }
        }
    }
}
