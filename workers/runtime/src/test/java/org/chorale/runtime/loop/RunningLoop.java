package org.chorale.runtime.loop;

import java.time.Duration;
import org.chorale.runtime.metrics.WorkerMetrics;

/** A loop on its own thread, closed (and joined) by the test. */
final class RunningLoop implements AutoCloseable {

    final TransactionalLoop loop;
    final WorkerMetrics metrics;
    private final Thread thread;

    private RunningLoop(TransactionalLoop loop, WorkerMetrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
        this.thread = new Thread(loop, "loop-" + loop.settings().instanceId());
    }

    static RunningLoop start(LoopSettings settings, RecordHandler handler) {
        WorkerMetrics metrics = WorkerMetrics.unserved(settings.role(), settings.instanceId(),
                new WorkerMetrics.WorkerInfo("cpu", "test", "test"));
        return start(settings, handler, metrics);
    }

    static RunningLoop start(LoopSettings settings, RecordHandler handler, WorkerMetrics metrics) {
        RunningLoop running = new RunningLoop(new TransactionalLoop(settings, handler, metrics), metrics);
        running.thread.start();
        return running;
    }

    double counter(String name, String... tags) {
        var counter = metrics.registry().find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    boolean awaitStop(Duration timeout) throws InterruptedException {
        return loop.awaitStop(timeout);
    }

    @Override
    public void close() {
        loop.close();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.close();
    }
}
