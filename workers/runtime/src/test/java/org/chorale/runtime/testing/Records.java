package org.chorale.runtime.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Small blocking helpers for tests: produce a few records, read a topic until a condition holds. */
public final class Records {

    private Records() {
    }

    public static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Sends (key, value) pairs to {@code topic} and waits for every acknowledgement. */
    public static void produce(TestBroker broker, String topic, List<Map.Entry<String, byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (Map.Entry<String, byte[]> record : records) {
                acks.add(producer.send(new ProducerRecord<>(topic, utf8(record.getKey()), record.getValue())));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    /**
     * A group-less consumer assigned every partition of {@code topic}, positioned at the beginning: how every test
     * reads a topic in full. {@code config} is used as given (isolation level, fetch sizes …).
     */
    public static KafkaConsumer<byte[], byte[]> fromBeginning(Map<String, Object> config, String topic) {
        Map<String, Object> groupless = new java.util.HashMap<>(config);
        groupless.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(groupless,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /**
     * Reads {@code topic} from the beginning (all partitions, no group) until {@code done} holds for what was read,
     * or fails after {@code timeout}. {@code isolation} is {@code read_committed} or {@code read_uncommitted}.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readUntil(TestBroker broker, String topic, String isolation,
                                                                 Duration timeout,
                                                                 Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        Map<String, Object> config = broker.consumerConfig("unused");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromBeginning(config, topic)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(read)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic + " after " + read.size() + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    /** Everything committed on {@code topic} right now (reads to the end offsets). */
    public static List<ConsumerRecord<byte[], byte[]>> readAllCommitted(TestBroker broker, String topic) {
        return readAll(broker, topic, "read_committed");
    }

    /**
     * Everything on {@code topic} right now: with {@code read_committed} up to the last stable offset (an open
     * transaction is not waited for), with {@code read_uncommitted} up to the high watermark.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(TestBroker broker, String topic, String isolation) {
        Map<String, Object> config = broker.consumerConfig("unused");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromBeginning(config, topic)) {
            java.util.Set<TopicPartition> partitions = consumer.assignment();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }
}
