package org.chorale.cli.kafka;

import org.chorale.events.ModelCheckpoint;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.read.CompactedTopicReader;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The models on {@code chorale.models}: the newest checkpoint of each, whatever the topic's key layout. */
final class ModelCatalog {
    private final Map<String, ModelCheckpoint> newest;

    private ModelCatalog(Map<String, ModelCheckpoint> newest) {
        this.newest = newest;
    }

    /** Reads the compacted topic to its current end. */
    static ModelCatalog read(ChoraleConfig config) {
        Map<String, ModelCheckpoint> newest = new TreeMap<>();
        try (var reader = CompactedTopicReader.forEvents(config.kafkaProperties(), config.topics().models(), ModelCheckpoint.class)) {
            reader.refresh(Duration.ofSeconds(60));
            for (ModelCheckpoint c : reader.values().values())
                newest.merge(c.getModelId(), c, (a, b) -> b.getVersion() > a.getVersion() ? b : a);
        }
        return new ModelCatalog(newest);
    }

    Optional<ModelCheckpoint> newest(String modelId) {
        return Optional.ofNullable(newest.get(modelId));
    }

    /** Newest checkpoint per model, by model id. */
    Map<String, ModelCheckpoint> all() {
        return newest;
    }
}
