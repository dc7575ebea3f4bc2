package org.chorale.runtime.read;

import static org.chorale.runtime.testing.Records.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chorale.events.PianoRoll;
import org.chorale.runtime.testing.KafkaBrokerExtension;
import org.chorale.runtime.testing.Records;
import org.chorale.runtime.testing.TestBroker;
import org.chorale.schemas.EventCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class CompactedTopicReaderTest {

    private static byte[] roll(String id, String name) {
        return EventCodec.standard().encode(PianoRoll.newBuilder().setPieceId(id).setDataset("jsb").setName(name)
                .setSplit("train").setStepsPerQuarter(4).setLowestPitch(21).setPitchCount(88)
                .setSteps(List.of(List.of(60, 64), List.of())).build());
    }

    @Test
    void keepsTheLatestValuePerKeyAndReadsOnlyWhatIsNew(TestBroker broker) throws Exception {
        String topic = broker.uniqueTopic("rolls");
        broker.createTopic(topic, 2, Map.of("cleanup.policy", "compact"));
        Records.produce(broker, topic, List.of(
                Map.entry("jsb/a", roll("a", "first a")),
                Map.entry("jsb/b", roll("b", "first b")),
                Map.entry("jsb/c", roll("c", "c")),
                Map.entry("jsb/b", roll("b", "second b"))));

        try (CompactedTopicReader<PianoRoll> reader =
                     CompactedTopicReader.forEvents(broker.clientConfig(), topic, PianoRoll.class)) {
            CompactedTopicReader.RefreshResult first = reader.refresh();
            assertEquals(4, first.records());
            assertEquals(List.of("jsb/a", "jsb/b", "jsb/c"), reader.values().keySet().stream().sorted().toList());
            assertEquals("second b", reader.get("jsb/b").orElseThrow().getName());

            Records.produce(broker, topic, List.of(
                    new AbstractMap.SimpleImmutableEntry<String, byte[]>("jsb/c", null), // tombstone
                    Map.entry("jsb/a", new byte[] {1, 2, 3}),                 // undecodable: keep the old a
                    Map.entry("jsb/d", roll("d", "d"))));
            CompactedTopicReader.RefreshResult second = reader.refresh();

            assertEquals(new CompactedTopicReader.RefreshResult(3, 1, 1, 1), second);
            assertEquals(List.of("jsb/a", "jsb/b", "jsb/d"), reader.values().keySet().stream().sorted().toList());
            assertEquals("first a", reader.get("jsb/a").orElseThrow().getName());
            assertEquals(new CompactedTopicReader.RefreshResult(0, 0, 0, 0), reader.refresh());
            assertEquals(1, reader.undecodableTotal());
        }
    }

    @Test
    void anOpenTransactionIsNeitherWaitedForNorSeenUntilItCommits(TestBroker broker) throws Exception {
        String topic = broker.uniqueTopic("models");
        broker.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        Records.produce(broker, topic, List.of(Map.entry("m1", roll("x", "v1"))));
        Map<String, Object> config = new HashMap<>(broker.producerConfig());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx");

        try (CompactedTopicReader<PianoRoll> reader =
                     CompactedTopicReader.forEvents(broker.clientConfig(), topic, PianoRoll.class);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, utf8("m1"), roll("x", "v2")));
            producer.flush();

            reader.refresh(); // returns although the transaction is open
            assertEquals("v1", reader.get("m1").orElseThrow().getName());

            producer.commitTransaction();
            reader.refresh();
            assertEquals("v2", reader.get("m1").orElseThrow().getName());
        }
    }

    @Test
    void aMissingTopicReadsAsEmpty(TestBroker broker) {
        try (CompactedTopicReader<PianoRoll> reader = CompactedTopicReader.forEvents(broker.clientConfig(),
                broker.uniqueTopic("absent"), PianoRoll.class)) {
            assertEquals(new CompactedTopicReader.RefreshResult(0, 0, 0, 0), reader.refresh());
            assertTrue(reader.values().isEmpty());
        }
    }
}
