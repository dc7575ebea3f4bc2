package org.chorale.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.chorale.events.MidiRejected;
import org.chorale.events.MidiSubmitted;
import org.chorale.events.PianoRoll;
import org.chorale.events.RejectReason;
import org.chorale.music.MidiOptions;
import org.chorale.music.MidiReader;
import org.chorale.music.MidiResult;
import org.chorale.music.DemoCorpus;
import org.chorale.music.NamedMidi;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.Topics;
import org.chorale.runtime.read.CompactedTopicReader;
import org.chorale.runtime.testing.KafkaBrokerExtension;
import org.chorale.runtime.testing.Records;
import org.chorale.runtime.testing.TestBroker;
import org.chorale.schemas.EventCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** The ingest worker on a real broker: every input becomes exactly one roll or one rejection. */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final EventCodec codec = EventCodec.standard();
    private final List<NamedMidi> demo = DemoCorpus.pieces();
    private TestBroker broker;
    private Topics topics;
    private IngestWorker worker;
    private Thread thread;

    @BeforeAll
    void startWorker(TestBroker broker) {
        this.broker = broker;
        String prefix = "ingest-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        topics = new Topics(prefix);
        Map<String, Object> settings = new HashMap<>(broker.fastGroupConfig());
        settings.put(ChoraleConfig.TOPIC_PREFIX, prefix);
        settings.put(ChoraleConfig.METRICS_PORT, 0);
        settings.put(ChoraleConfig.INSTANCE_ID, "ingest-test");
        settings.put(ChoraleConfig.TOPICS_PARTITIONS, 2);
        worker = new IngestWorker(ChoraleConfig.of(settings));
        thread = new Thread(worker, "ingest-worker");
        thread.start();
    }

    @AfterAll
    void stopWorker() throws InterruptedException {
        worker.close();
        thread.join(Duration.ofSeconds(30).toMillis());
    }

    @Test
    void everyInputBecomesExactlyOneRollOrOneRejection() {
        String dataset = "demo-" + UUID.randomUUID().toString().substring(0, 6);
        List<Input> valid = new ArrayList<>();
        for (NamedMidi piece : demo) valid.add(new Input(piece.name(), piece.bytes(), "dataset", dataset));
        valid.add(new Input("as-avro", codec.encode(submitted(demo.get(0), dataset, "valid"))));
        valid.add(new Input("as-json", codec.toJson(submitted(demo.get(1), dataset, null)).getBytes(StandardCharsets.UTF_8)));

        byte[] truncated = Arrays.copyOf(demo.get(2).bytes(), 40);
        byte[] brokenEnvelope = Arrays.copyOf(codec.encode(submitted(demo.get(3), dataset, null)), 30);
        Map<String, RejectReason> expectedRejections = Map.of(
                "bad-empty", RejectReason.EMPTY,
                "bad-text", RejectReason.NOT_MIDI,
                "bad-truncated", reasonFromReader(truncated),
                "bad-split", RejectReason.UNSUPPORTED,
                "bad-envelope", RejectReason.UNDECODABLE);
        List<Input> invalid = List.of(
                new Input("bad-empty", new byte[0], "dataset", dataset),
                new Input("bad-text", "hello, not MIDI".getBytes(StandardCharsets.UTF_8), "dataset", dataset),
                new Input("bad-truncated", truncated, "dataset", dataset),
                new Input("bad-split", demo.get(4).bytes(), "dataset", dataset, "split", "holdout"),
                new Input("bad-envelope", brokenEnvelope));
        assertNotEquals(RejectReason.UNKNOWN, expectedRejections.get("bad-truncated"));

        Map<String, RecordMetadata> sent = produce(valid, invalid);

        List<PianoRoll> rolls = rollsOf(dataset, valid.size());
        List<ConsumerRecord<byte[], byte[]>> rejections = rejectionsFor(expectedRejections.keySet());
        assertEquals(valid.size(), rolls.size(), "one roll per valid input");
        assertEquals(invalid.size(), rejections.size(), "one rejection per invalid input");

        // Each roll: the music of its input, keyed by content hash, split as asked or as assigned.
        for (PianoRoll roll : rolls) {
            Input input = valid.stream().filter(i -> roll.getName().equals(i.expectedName())).findFirst().orElseThrow();
            MidiResult.Parsed parsed = (MidiResult.Parsed) MidiReader.read(input.midi(), roll.getName(), MidiOptions.defaults());
            assertEquals(parsed.roll().contentHash(), roll.getPieceId(), roll.getName());
            assertEquals(parsed.roll().length(), roll.getSteps().size());
            assertEquals(input.key().equals("as-avro") ? "valid" : Splits.forPiece(roll.getPieceId()), roll.getSplit());
            RecordMetadata source = sent.get(input.key());
            assertEquals(source.topic() + "/" + source.partition() + "/" + source.offset(), roll.getSource());
            assertNotNull(roll.getOnsets(), "onsets are kept");
        }

        // Each rejection: the record's key, the reason, and where the record sits.
        for (ConsumerRecord<byte[], byte[]> record : rejections) {
            MidiRejected r = codec.decode(record.value(), MidiRejected.class).orElseThrow();
            String key = Records.text(record.key());
            assertEquals(key, r.getKey());
            assertEquals(expectedRejections.get(key), r.getReason(), key + ": " + r.getDetail());
            assertFalse(r.getDetail().isBlank());
            RecordMetadata source = sent.get(key);
            assertEquals(source.topic(), r.getSourceTopic());
            assertEquals(source.partition(), r.getSourcePartition());
            assertEquals(source.offset(), r.getSourceOffset());
            assertEquals(invalid.stream().filter(i -> i.key().equals(key)).findFirst().orElseThrow().value().length, r.getSizeBytes());
        }

        String scrape = worker.metrics().scrape();
        assertTrue(sample(scrape, "chorale_ingest_files_total", "outcome=\"accepted\"") >= valid.size(), scrape);
        assertTrue(sample(scrape, "chorale_ingest_rejections_total", "reason=\"EMPTY\"") >= 1);
        assertTrue(sample(scrape, "chorale_ingest_bytes_total", "") > 0);
        assertTrue(scrape.contains("chorale_ingest_parse_seconds_count"));
    }

    @Test
    void republishingTheSameFileRewritesTheSameKey() {
        String dataset = "again-" + UUID.randomUUID().toString().substring(0, 6);
        NamedMidi piece = demo.get(5);
        produce(List.of(new Input("first-name", piece.bytes(), "dataset", dataset),
                new Input("second-name", piece.bytes(), "dataset", dataset),
                new Input("as-event", codec.encode(submitted(piece, dataset, null)))), List.of());
        List<ConsumerRecord<byte[], byte[]>> records = rollRecordsOf(dataset, 3);
        assertEquals(3, records.size(), "each publication is answered");
        assertEquals(1, records.stream().map(r -> Records.text(r.key())).distinct().count(), "all under one key");

        try (CompactedTopicReader<PianoRoll> reader = CompactedTopicReader.forEvents(broker.clientConfig(),
                topics.pianorolls(), PianoRoll.class)) {
            reader.refresh();
            assertEquals(1, reader.values().values().stream().filter(r -> r.getDataset().equals(dataset)).count(),
                    "the compacted state holds the piece once");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private record Input(String key, byte[] value, String... headers) {
        byte[] midi() {
            if (!EventCodec.hasMagic(value) && value.length > 0 && value[0] != '{') return value;
            return EventCodec.standard().decodeBinaryOrJson(value, MidiSubmitted.class).orElseThrow().getMidi().array();
        }

        String expectedName() {
            if (!EventCodec.hasMagic(value) && value[0] != '{') return key;
            return EventCodec.standard().decodeBinaryOrJson(value, MidiSubmitted.class).orElseThrow().getPieceName();
        }
    }

    private static MidiSubmitted submitted(NamedMidi piece, String dataset, String split) {
        return MidiSubmitted.newBuilder().setPieceName("env-" + piece.name()).setDataset(dataset).setSplit(split)
                .setMidi(ByteBuffer.wrap(piece.bytes())).build();
    }

    private static RejectReason reasonFromReader(byte[] midi) {
        MidiResult result = MidiReader.read(midi, MidiOptions.defaults());
        return RejectReason.valueOf(((MidiResult.Rejected) result).error().reason().name());
    }

    @SafeVarargs
    private Map<String, RecordMetadata> produce(List<Input>... groups) {
        Map<String, RecordMetadata> sent = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.producerConfig())) {
            Map<String, Future<RecordMetadata>> acks = new HashMap<>();
            for (List<Input> group : groups)
                for (Input input : group) {
                    RecordHeaders headers = new RecordHeaders();
                    for (int i = 0; i < input.headers().length; i += 2)
                        headers.add(input.headers()[i], Records.utf8(input.headers()[i + 1]));
                    acks.put(input.key(), producer.send(new ProducerRecord<>(topics.midiIngest(), null,
                            Records.utf8(input.key()), input.value(), headers)));
                }
            for (Map.Entry<String, Future<RecordMetadata>> ack : acks.entrySet()) sent.put(ack.getKey(), ack.getValue().get());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sent;
    }

    private List<ConsumerRecord<byte[], byte[]>> rollRecordsOf(String dataset, int expected) {
        Records.readUntil(broker, topics.pianorolls(), "read_committed", WAIT,
                read -> read.stream().filter(r -> Records.text(r.key()).startsWith(dataset + "/")).count() >= expected);
        // Read again to the end: a duplicate would show up here.
        return Records.readAllCommitted(broker, topics.pianorolls()).stream()
                .filter(r -> Records.text(r.key()).startsWith(dataset + "/")).toList();
    }

    private List<PianoRoll> rollsOf(String dataset, int expected) {
        return rollRecordsOf(dataset, expected).stream()
                .map(r -> codec.decode(r.value(), PianoRoll.class).orElseThrow()).toList();
    }

    private List<ConsumerRecord<byte[], byte[]>> rejectionsFor(java.util.Set<String> keys) {
        Records.readUntil(broker, topics.midiRejected(), "read_committed", WAIT,
                read -> read.stream().filter(r -> keys.contains(Records.text(r.key()))).count() >= keys.size());
        return Records.readAllCommitted(broker, topics.midiRejected()).stream()
                .filter(r -> keys.contains(Records.text(r.key()))).toList();
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label} in a Prometheus scrape. */
    private static double sample(String scrape, String name, String label) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " with " + label + " not in scrape"));
    }
}
