package org.chorale.runtime.read;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.chorale.schemas.DecodeResult;
import org.chorale.schemas.EventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current state of a compacted topic: the latest committed value per key, read on assigned partitions (no
 * consumer group) up to the end offsets seen at each {@link #refresh()}; a refresh reads only what is new.
 *
 * <p>A tombstone (null value) removes its key. A value that does not decode is counted and skipped, keeping the
 * key's previous value: one bad checkpoint does not make a model disappear. Not thread-safe (one Kafka consumer).
 *
 * @param <V> the value type
 */
public final class CompactedTopicReader<V> implements AutoCloseable {

    /**
     * What one refresh read.
     *
     * @param records     records read
     * @param updated     keys set to a new value
     * @param removed     keys removed by tombstones
     * @param undecodable values skipped because they did not decode
     */
    public record RefreshResult(int records, int updated, int removed, int undecodable) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicReader.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final Function<byte[], DecodeResult<V>> decoder;
    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, V> latest = new LinkedHashMap<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private int undecodableTotal;

    private CompactedTopicReader(Map<String, Object> kafkaProperties, String topic,
                                 Function<byte[], DecodeResult<V>> decoder) {
        this.topic = topic;
        this.decoder = decoder;
        this.consumer = ReaderClients.consumer(kafkaProperties, "reader-" + topic);
    }

    /** A reader of Chorale events of one type, decoded with {@link EventCodec#standard()}. */
    public static <T extends SpecificRecord> CompactedTopicReader<T> forEvents(Map<String, Object> kafkaProperties,
                                                                             String topic, Class<T> type) {
        EventCodec codec = EventCodec.standard();
        return new CompactedTopicReader<>(kafkaProperties, topic, bytes -> codec.decode(bytes, type));
    }

    /** A reader with a decoder of your own. */
    public static <T> CompactedTopicReader<T> withDecoder(Map<String, Object> kafkaProperties, String topic,
                                                          Function<byte[], DecodeResult<T>> decoder) {
        return new CompactedTopicReader<>(kafkaProperties, topic, decoder);
    }

    /** Reads everything committed since the last refresh, waiting at most 60 s. */
    public RefreshResult refresh() {
        return refresh(DEFAULT_TIMEOUT);
    }

    /**
     * Reads everything committed since the last refresh, up to the end offsets of now.
     *
     * @throws TimeoutException when the end is not reached within {@code timeout}
     */
    public RefreshResult refresh(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = ReaderClients.partitions(consumer, topic, timeout);
        if (partitions.isEmpty()) {
            return new RefreshResult(0, 0, 0, 0);
        }
        List<TopicPartition> added = new ArrayList<>(partitions);
        added.removeAll(assigned);
        if (!added.isEmpty()) {
            assigned.addAll(added);
            consumer.assign(assigned);
            consumer.seekToBeginning(added);
        }
        // read_committed: these are the last stable offsets, so an open transaction is not waited for
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        int records = 0;
        int updated = 0;
        int removed = 0;
        int undecodable = 0;
        while (!reached(end)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("reading " + topic + " to its end took longer than " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(min(POLL, Duration.ofNanos(left)))) {
                records++;
                if (record.key() == null) {
                    continue; // compacted topics are keyed; a keyless record is no state
                }
                String key = new String(record.key(), StandardCharsets.UTF_8);
                if (record.value() == null) {
                    removed += latest.remove(key) == null ? 0 : 1;
                    continue;
                }
                DecodeResult<V> result = decoder.apply(record.value());
                if (result instanceof DecodeResult.Decoded<V> decoded) {
                    latest.remove(key); // re-insert: iteration order follows recency
                    latest.put(key, decoded.event());
                    updated++;
                } else if (result instanceof DecodeResult.Undecodable<V> bad) {
                    undecodable++;
                    LOG.warn("{}-{}@{} key {}: value skipped ({}: {})", record.topic(), record.partition(),
                            record.offset(), key, bad.problem(), bad.detail());
                }
            }
        }
        undecodableTotal += undecodable;
        return new RefreshResult(records, updated, removed, undecodable);
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Latest value per key, least recently updated first. A live, read-only view. */
    public Map<String, V> values() {
        return Collections.unmodifiableMap(latest);
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(latest.get(key));
    }

    public int size() {
        return latest.size();
    }

    public String topic() {
        return topic;
    }

    /** Values skipped as undecodable since this reader was created. */
    public int undecodableTotal() {
        return undecodableTotal;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
