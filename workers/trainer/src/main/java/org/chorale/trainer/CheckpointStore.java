package org.chorale.trainer;

import org.chorale.events.ModelCheckpoint;
import org.chorale.runtime.read.CompactedTopicReader;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The newest committed checkpoint of every model, from the compacted {@code chorale.models} (keyed by model id, so
 * its state is exactly the newest version of each model).
 */
final class CheckpointStore implements AutoCloseable {
    /** Pause between re-reads while waiting for a checkpoint: its commit markers are milliseconds behind. */
    private static final Duration RECHECK = Duration.ofMillis(100);

    private final CompactedTopicReader<ModelCheckpoint> reader;

    CheckpointStore(Map<String, Object> kafkaProperties, String modelsTopic) {
        reader = CompactedTopicReader.forEvents(kafkaProperties, modelsTopic, ModelCheckpoint.class);
    }

    /**
     * Where a request for {@code modelId} starting at {@code fromVersion} (null: from scratch) begins.
     *
     * <p>The request and the checkpoint it names were committed in one transaction, but a consumer may see the
     * request's partition a moment before the checkpoint's; so a checkpoint not yet visible is waited for, at most
     * {@code wait}, after which this throws and the loop retries the request (and dead-letters it in the end).
     *
     * @throws CheckpointNotVisibleException when {@code fromVersion} is still not visible after {@code wait}
     */
    StartingPoint startingPoint(String modelId, Long fromVersion, Duration wait)
            throws CheckpointNotVisibleException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            reader.refresh();
            Optional<ModelCheckpoint> newest = reader.get(modelId);
            long newestVersion = newest.map(ModelCheckpoint::getVersion).orElse(0L);
            long from = fromVersion == null ? 0 : fromVersion;
            if (newest.isPresent() && newestVersion > from) return new StartingPoint.Stale(newestVersion);
            if (fromVersion == null) return new StartingPoint.Fresh();
            if (newestVersion == from) return new StartingPoint.Resume(newest.get());
            if (System.nanoTime() > deadline)
                throw new CheckpointNotVisibleException("checkpoint version " + fromVersion + " of model " + modelId
                        + " is not on " + reader.topic() + " after " + wait.toSeconds() + " s (newest: "
                        + (newest.isPresent() ? "version " + newestVersion : "none") + ")");
            Thread.sleep(RECHECK.toMillis());
        }
    }

    @Override
    public void close() {
        reader.close();
    }

    /** The checkpoint a request starts from has not arrived; retried by the loop, then dead-lettered. */
    static final class CheckpointNotVisibleException extends Exception {
        CheckpointNotVisibleException(String message) {
            super(message);
        }
    }
}
