package org.chorale.generator;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.chorale.runtime.testing.Records;
import org.chorale.runtime.testing.TestBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every committed answer on a reply topic, by key, read by one consumer that lives as long as the test class. */
final class Answers implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, List<ConsumerRecord<byte[], byte[]>>> byKey = new HashMap<>();

    Answers(TestBroker broker, String topic) {
        consumer = org.chorale.runtime.testing.Records.fromBeginning(broker.consumerConfig("unused"), topic);
    }

    /** Answers with {@code key} read so far. */
    int count(String key) {
        poll(Duration.ZERO);
        return byKey.getOrDefault(key, List.of()).size();
    }

    /** The {@code n}th answer with {@code key}; fails if it does not come, or if more than {@code n} came. */
    ConsumerRecord<byte[], byte[]> await(String key, int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (byKey.getOrDefault(key, List.of()).size() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("no answer " + n + " for " + key + " in " + timeout);
            poll(Duration.ofMillis(100));
        }
        List<ConsumerRecord<byte[], byte[]>> answers = byKey.get(key);
        assertEquals(n, answers.size(), "exactly one answer per request " + key);
        return answers.get(n - 1);
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout))
            byKey.computeIfAbsent(Records.text(r.key()), k -> new ArrayList<>()).add(r);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
