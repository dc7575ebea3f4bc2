package org.chorale.runtime.read;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits for the answer to a request: a committed record with a given key on a reply topic. Create it BEFORE sending
 * the request; it starts reading at the end offsets of that moment, so the answer cannot be missed and older answers
 * are not mistaken for it.
 *
 * <pre>{@code
 * try (ReplyWaiter replies = ReplyWaiter.listen(kafka, topics.compositions())) {
 *     producer.send(request).get();
 *     ConsumerRecord<byte[], byte[]> answer = replies.awaitKey(requestId, Duration.ofMinutes(2)).orElseThrow();
 * }
 * }</pre>
 * Not thread-safe.
 */
public final class ReplyWaiter implements AutoCloseable {

    private static final int MAX_UNCLAIMED = 10_000;
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    /** Answers read while waiting for another key, so awaiting several keys in turn loses none. */
    private final Map<String, ConsumerRecord<byte[], byte[]>> unclaimed = new LinkedHashMap<>();

    private ReplyWaiter(Map<String, Object> kafkaProperties, String topic, Duration timeout) {
        this.topic = topic;
        this.consumer = ReaderClients.consumer(kafkaProperties, "replies-" + topic);
        List<TopicPartition> partitions = ReaderClients.partitions(consumer, topic, timeout);
        if (partitions.isEmpty()) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw new IllegalStateException("reply topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        consumer.endOffsets(partitions, timeout).forEach(consumer::seek);
    }

    /** Starts listening on {@code topic} from its current end. */
    public static ReplyWaiter listen(Map<String, Object> kafkaProperties, String topic) {
        return new ReplyWaiter(kafkaProperties, topic, Duration.ofSeconds(30));
    }

    /** The first record with {@code key} written after {@link #listen}, or empty after {@code timeout}. */
    public Optional<ConsumerRecord<byte[], byte[]>> awaitKey(String key, Duration timeout) {
        ConsumerRecord<byte[], byte[]> earlier = unclaimed.remove(key);
        if (earlier != null) {
            return Optional.of(earlier);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(left < POLL.toNanos() ? Duration.ofNanos(left) : POLL)) {
                if (record.key() == null) {
                    continue;
                }
                String recordKey = new String(record.key(), StandardCharsets.UTF_8);
                if (recordKey.equals(key)) {
                    return Optional.of(record);
                }
                unclaimed.putIfAbsent(recordKey, record);
                if (unclaimed.size() > MAX_UNCLAIMED) {
                    unclaimed.remove(unclaimed.keySet().iterator().next());
                }
            }
        }
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
