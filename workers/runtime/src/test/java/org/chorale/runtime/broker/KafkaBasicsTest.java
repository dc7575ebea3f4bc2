package org.chorale.runtime.broker;

import static org.chorale.runtime.testing.Records.text;
import static org.chorale.runtime.testing.Records.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chorale.runtime.testing.KafkaBrokerExtension;
import org.chorale.runtime.testing.Records;
import org.chorale.runtime.testing.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the workers rely on from the broker: transactions on one node, read_committed, large records. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaBasicsTest {

    @Test
    void committedTransactionsAreSeenAndAbortedOnesAreNot(TestBroker broker) {
        String topic = broker.uniqueTopic("tx");
        broker.createTopic(topic, 2);
        Map<String, Object> config = new HashMap<>(broker.producerConfig());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-producer");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, utf8("a"), utf8("committed-1")));
            producer.send(new ProducerRecord<>(topic, utf8("b"), utf8("committed-2")));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, utf8("a"), utf8("aborted")));
            producer.flush(); // on the broker's log, but never committed
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, utf8("c"), utf8("committed-3")));
            producer.commitTransaction();
        }

        List<String> committed = Records.readAllCommitted(broker, topic).stream().map(r -> text(r.value()))
                .sorted().toList();
        List<String> everything = Records.readUntil(broker, topic, "read_uncommitted", Duration.ofSeconds(30),
                read -> read.size() >= 4).stream().map(r -> text(r.value())).sorted().toList();

        assertEquals(List.of("committed-1", "committed-2", "committed-3"), committed);
        assertEquals(List.of("aborted", "committed-1", "committed-2", "committed-3"), everything,
                "the aborted record was written; read_committed hid it");
    }

    @Test
    void aFiveMegabyteRecordGoesThrough(TestBroker broker) {
        String topic = broker.uniqueTopic("large");
        broker.createTopic(topic, 1);
        byte[] checkpoint = new byte[5 * 1024 * 1024];
        new Random(5).nextBytes(checkpoint); // incompressible, like float32 weights

        Records.produce(broker, topic, List.of(Map.entry("model", checkpoint)));
        List<ConsumerRecord<byte[], byte[]>> read = Records.readAllCommitted(broker, topic);

        assertEquals(1, read.size());
        assertArrayEquals(checkpoint, read.get(0).value());
    }
}
