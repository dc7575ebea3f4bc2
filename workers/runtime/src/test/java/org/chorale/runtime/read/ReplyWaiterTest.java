package org.chorale.runtime.read;

import static org.chorale.runtime.testing.Records.text;
import static org.chorale.runtime.testing.Records.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chorale.runtime.testing.KafkaBrokerExtension;
import org.chorale.runtime.testing.Records;
import org.chorale.runtime.testing.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class ReplyWaiterTest {

    @Test
    void findsTheAnswerWrittenAfterListeningAndIgnoresOlderAndAbortedOnes(TestBroker broker) throws Exception {
        String topic = broker.uniqueTopic("answers");
        broker.createTopic(topic, 3);
        Records.produce(broker, topic, List.of(Map.entry("req-1", utf8("stale answer"))));
        Map<String, Object> config = new HashMap<>(broker.producerConfig());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx");

        try (ReplyWaiter replies = ReplyWaiter.listen(broker.clientConfig(), topic);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, utf8("req-1"), utf8("aborted answer")));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, utf8("req-2"), utf8("answer 2")));
            producer.send(new ProducerRecord<>(topic, utf8("req-1"), utf8("answer 1")));
            producer.commitTransaction();

            assertEquals("answer 1", text(replies.awaitKey("req-1", Duration.ofSeconds(30)).orElseThrow().value()));
            assertEquals("answer 2", text(replies.awaitKey("req-2", Duration.ofSeconds(30)).orElseThrow().value()),
                    "read while waiting for req-1, kept for later");
            long started = System.nanoTime();
            assertTrue(replies.awaitKey("req-3", Duration.ofMillis(500)).isEmpty());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
        }
    }

    @Test
    void aMissingReplyTopicIsAClearError(TestBroker broker) {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> ReplyWaiter.listen(broker.clientConfig(), "no-such-topic-" + System.nanoTime()));
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }
}
