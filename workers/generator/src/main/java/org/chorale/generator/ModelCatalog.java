package org.chorale.generator;

import org.chorale.events.FailureReason;
import org.chorale.events.Hyperparameters;
import org.chorale.events.ModelCheckpoint;
import org.chorale.model.CheckpointException;
import org.chorale.model.Checkpoints;
import org.chorale.model.Sampler;
import org.chorale.runtime.read.CompactedTopicReader;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.ObjLongConsumer;

/**
 * The models a generator can serve: the newest checkpoint of each model, followed on the compacted
 * {@code chorale.models} (keyed by model id) and re-read before every request, so a new version is served as soon as
 * it is committed. Checkpoints are decoded only when asked for, and the decoded samplers of the most recently used
 * versions are kept — which also lets a request name a version that was newest a moment ago.
 */
final class ModelCatalog implements AutoCloseable {
    /** Decoded models kept in memory; a paper-sized model is a few hundred kB. */
    static final int CACHED_MODELS = 8;

    private final CompactedTopicReader<ModelCheckpoint> reader;
    private final ObjLongConsumer<String> onNewestVersion;
    /** The cache's size for the metrics thread (the cache itself belongs to the loop's thread). */
    private volatile int loaded;
    private final Map<String, Sampler> samplers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Sampler> eldest) {
            return size() > CACHED_MODELS;
        }
    };

    /** @param onNewestVersion told the newest version of each model after every refresh (for the version gauge) */
    ModelCatalog(CompactedTopicReader<ModelCheckpoint> reader, ObjLongConsumer<String> onNewestVersion) {
        this.reader = reader;
        this.onNewestVersion = onNewestVersion;
    }

    /** A model version that can answer a request, and the grid its request is measured against. */
    record Resolved(String modelId, long version, RequestValidator.Grid grid) {
        String key() { return modelId + "/" + version; }
    }

    /** Reads what was committed to {@code chorale.models} since the last refresh. */
    void refresh() {
        reader.refresh();
        reader.values().forEach((model, checkpoint) -> onNewestVersion.accept(model, checkpoint.getVersion()));
    }

    /**
     * The version that answers a request for {@code modelId} at {@code version} (null: the newest).
     *
     * @throws RequestRefusedException UNKNOWN_MODEL or UNKNOWN_VERSION
     */
    Resolved resolve(String modelId, Long version) throws RequestRefusedException {
        Optional<ModelCheckpoint> newest = reader.get(modelId);
        if (newest.isPresent() && (version == null || version == newest.get().getVersion())) {
            Hyperparameters h = newest.get().getHyperparameters();
            return new Resolved(modelId, newest.get().getVersion(),
                    new RequestValidator.Grid(h.getStepsPerQuarter(), h.getLowestPitch(), h.getPitchCount()));
        }
        Sampler cached = version == null ? null : samplers.get(modelId + "/" + version);
        if (cached != null) {
            var c = cached.config();
            return new Resolved(modelId, version, new RequestValidator.Grid(c.stepsPerQuarter(), c.lowestPitch(), c.pitchCount()));
        }
        if (newest.isEmpty())
            throw new RequestRefusedException(FailureReason.UNKNOWN_MODEL, "no model " + modelId + " on "
                    + reader.topic() + " (known: " + String.join(", ", reader.values().keySet()) + ")");
        long newestVersion = newest.get().getVersion();
        throw new RequestRefusedException(FailureReason.UNKNOWN_VERSION, "model " + modelId + " is at version "
                + newestVersion + "; version " + version + (version > newestVersion ? " does not exist yet"
                : " is no longer held (only the newest version and recently used ones are)"));
    }

    /** The sampler of a resolved version, decoding its checkpoint on first use. */
    Sampler sampler(Resolved resolved) throws CheckpointException {
        Sampler sampler = samplers.get(resolved.key());
        if (sampler != null) return sampler;
        ModelCheckpoint checkpoint = reader.get(resolved.modelId())
                .filter(c -> c.getVersion() == resolved.version())
                .orElseThrow(() -> new CheckpointException("version " + resolved.version() + " of model "
                        + resolved.modelId() + " was replaced while the request was checked"));
        sampler = new Sampler(Checkpoints.decodeModel(bytesOf(checkpoint.getParameters())));
        samplers.put(resolved.key(), sampler);
        loaded = samplers.size();
        return sampler;
    }

    /** Decoded models held in memory; safe to call from any thread. */
    int loaded() {
        return loaded;
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        reader.close();
    }
}
