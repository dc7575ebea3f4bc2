package org.chorale.it.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.chorale.runtime.testing.Records;
import org.chorale.runtime.testing.TestBroker;
import org.chorale.schemas.EventCodec;

/**
 * Everything committed on one topic, read from the beginning with {@code read_committed} (no group, all
 * partitions) and kept: a test asks for more with {@link #awaitUntil} and inspects what was read. Not thread-safe.
 */
public final class TopicLog implements AutoCloseable {
    private static final EventCodec CODEC = EventCodec.standard();

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();

    TopicLog(TestBroker broker, String topic) {
        this.topic = topic;
        Map<String, Object> config = broker.consumerConfig("unused");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 32 * 1024 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        consumer = Records.fromBeginning(config, topic);
        partitions = List.copyOf(consumer.assignment());
    }

    public String topic() {
        return topic;
    }

    /** Reads until {@code done} holds for everything read so far; fails after {@code timeout}. */
    public List<ConsumerRecord<byte[], byte[]>> awaitUntil(String what, Duration timeout,
                                                           Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(read)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s reading " + topic
                        + " for " + what + "; " + read.size() + " record(s) read");
            }
            poll();
        }
        return List.copyOf(read);
    }

    /** Reads up to the last stable offset of every partition as of now: all that is committed at this moment. */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) throw new AssertionError("cannot read " + topic + " to its end");
            poll();
        }
        return List.copyOf(read);
    }

    /** What was read so far. */
    public List<ConsumerRecord<byte[], byte[]>> records() {
        return List.copyOf(read);
    }

    /** The values read so far decoded as {@code type}, skipping records of other types. */
    public <T extends SpecificRecord> List<T> events(Class<T> type) {
        return read.stream().map(r -> decode(r, type)).filter(type::isInstance).toList();
    }

    /** A record's value as {@code type}, or null when it is another event (or no event). */
    public static <T extends SpecificRecord> T decode(ConsumerRecord<byte[], byte[]> record, Class<T> type) {
        if (record.value() == null) return null;
        var decoded = CODEC.decode(record.value(), type);
        return decoded instanceof org.chorale.schemas.DecodeResult.Decoded<T> d ? d.event() : null;
    }

    /** How many records read so far decode as {@code type}. */
    public long count(Class<? extends SpecificRecord> type) {
        return read.stream().filter(r -> decode(r, type) != null).count();
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
