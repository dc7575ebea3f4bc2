package org.chorale.cli.kafka;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.chorale.cli.CliFailure;
import org.chorale.runtime.ChoraleConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what arrives on some topics after a point in time: all their partitions are assigned (no consumer group,
 * nothing committed) and the positions are fixed when the tail is opened — before the command sends the event
 * whose consequences it waits for, so none can be missed. Only committed transactions are seen.
 */
final class TopicTail implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;

    private TopicTail(KafkaConsumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** Opens at the current end of {@code topics}: only records written from now on are read. */
    static TopicTail fromEnd(ChoraleConfig config, String... topics) {
        return open(config, true, topics);
    }

    /** Opens at the beginning of {@code topics}. */
    static TopicTail fromStart(ChoraleConfig config, String... topics) {
        return open(config, false, topics);
    }

    private static TopicTail open(ChoraleConfig config, boolean atEnd, String... topics) {
        KafkaConsumer<byte[], byte[]> consumer = KafkaClients.reader(config);
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty())
                    throw new CliFailure("topic " + topic + " does not exist on " + config.bootstrapServers()
                            + " (run 'chorale topics create', or start the workers)");
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            consumer.assign(partitions);
            if (atEnd) {
                consumer.seekToEnd(partitions);
                // resolve the lazy seek now, so "the end" means the end before our request is sent
                partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
            } else {
                consumer.seekToBeginning(partitions);
            }
            return new TopicTail(consumer);
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
    }

    /** The records that arrived, waiting at most {@code timeout} for the first. */
    List<ConsumerRecord<byte[], byte[]>> poll(Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        consumer.poll(timeout).forEach(out::add);
        return out;
    }

    /** True when every assigned partition has been read to its end (as of now). */
    boolean caughtUp() {
        var ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), Duration.ofSeconds(30)) >= e.getValue());
    }

    @Override public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
