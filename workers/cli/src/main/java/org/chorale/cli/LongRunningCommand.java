package org.chorale.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A command that runs until stopped: Ctrl-C or SIGTERM (a JVM shutdown hook), or {@link #stop()} (tests, and
 * embedding). The hook waits for the command's own clean-up (closing workers, then the broker) before the JVM
 * goes, so a stop is always a clean one.
 */
public abstract class LongRunningCommand extends ChoraleCommand {
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final CompletableFuture<String> ready = new CompletableFuture<>();

    /** Completes with the broker address once the command is serving, or exceptionally if it failed first. */
    public CompletableFuture<String> ready() { return ready; }

    /** Asks the command to stop; it cleans up and returns its exit code. */
    public void stop() { stopRequested.countDown(); }

    @Override protected final int execute() throws Exception {
        Thread hook = new Thread(() -> {
            stop();
            try {
                cleanedUp.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "chorale-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run();
        } catch (Exception | Error e) {
            ready.completeExceptionally(e);
            throw e;
        } finally {
            cleanedUp.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us; it is running and will return now that clean-up is done
            }
            ready.completeExceptionally(new IllegalStateException("stopped before it was ready"));
        }
    }

    /** Starts everything, calls {@link #serving}, then {@link #awaitStop()}, then closes everything. */
    protected abstract int run() throws Exception;

    /** Marks the command as serving at {@code address}. */
    protected void serving(String address) { ready.complete(address); }

    /** Blocks until Ctrl-C, SIGTERM or {@link #stop()}. */
    protected void awaitStop() throws InterruptedException {
        stopRequested.await();
    }

    /** True once a stop was asked for (long tasks check it between steps). */
    protected boolean stopRequested() { return stopRequested.getCount() == 0; }
}
