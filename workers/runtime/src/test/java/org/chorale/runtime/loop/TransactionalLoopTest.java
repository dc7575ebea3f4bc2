package org.chorale.runtime.loop;

import static org.chorale.runtime.testing.Records.text;
import static org.chorale.runtime.testing.Records.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.chorale.events.DeadLetter;
import org.chorale.events.RejectReason;
import org.chorale.runtime.testing.KafkaBrokerExtension;
import org.chorale.runtime.testing.Records;
import org.chorale.runtime.testing.TestBroker;
import org.chorale.schemas.EventCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The loop end to end on a real broker: exactly-once outputs, poison, retries, fencing, shutdown. */
@ExtendWith(KafkaBrokerExtension.class)
class TransactionalLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Three topics of a test: input, output, dead letters. */
    private record Topics(String in, String out, String dead) {
        static Topics create(TestBroker broker, String name, int partitions) {
            Topics topics = new Topics(broker.uniqueTopic(name + "-in"), broker.uniqueTopic(name + "-out"),
                    broker.uniqueTopic(name + "-dead"));
            broker.createTopic(topics.in, partitions);
            broker.createTopic(topics.out, partitions);
            broker.createTopic(topics.dead, 1);
            return topics;
        }
    }

    private static LoopSettings settings(TestBroker broker, Topics topics, String instance) {
        return new LoopSettings("test", instance, topics.in + "-group", List.of(topics.in), broker.fastGroupConfig(),
                50, Duration.ofSeconds(30), 3, topics.dead, Duration.ofMillis(100), Duration.ofSeconds(30));
    }

    /** Copies each input upper-cased to the output topic, same key. */
    private static RecordHandler upperCaseTo(String topic) {
        return (record, out) -> out.send(new ProducerRecord<>(topic, record.key(),
                utf8(text(record.value()).toUpperCase(Locale.ROOT))));
    }

    private static void produce(TestBroker broker, String topic, List<String> values) {
        Records.produce(broker, topic, values.stream().map(v -> Map.entry(v, utf8(v))).toList());
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> text(r.value())).sorted().toList();
    }

    private static List<String> inputs(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("piece-%03d", i)).toList();
    }

    private static List<String> upper(List<String> values) {
        return values.stream().map(v -> v.toUpperCase(Locale.ROOT)).sorted().toList();
    }

    @Test
    void everyInputGivesExactlyOneOutput(TestBroker broker) throws Exception {
        Topics topics = Topics.create(broker, "copy", 3);
        List<String> inputs = inputs(60);
        produce(broker, topics.in, inputs);

        try (RunningLoop running = RunningLoop.start(settings(broker, topics, "copy-1"), upperCaseTo(topics.out))) {
            Records.readUntil(broker, topics.out, "read_committed", WAIT, read -> read.size() >= inputs.size());
            assertTrue(running.loop.healthy());
            assertTrue(running.counter("chorale.transactions", "outcome", "committed") >= 1);
        }

        assertEquals(upper(inputs), values(Records.readAllCommitted(broker, topics.out)));
    }

    @Test
    void poisonIsDeadLetteredWithItsOffsetAndThePartitionKeepsMoving(TestBroker broker) throws Exception {
        Topics topics = Topics.create(broker, "poison", 1);
        List<String> inputs = inputs(10);
        produce(broker, topics.in, inputs);
        RecordHandler handler = (record, out) -> {
            if (text(record.value()).equals("piece-003")) {
                throw new PoisonRecordException(RejectReason.NOT_MIDI, "starts with 'piec', not MThd");
            }
            upperCaseTo(topics.out).handle(record, out);
        };

        DeadLetter letter;
        try (RunningLoop running = RunningLoop.start(settings(broker, topics, "poison-1"), handler)) {
            Records.readUntil(broker, topics.out, "read_committed", WAIT, read -> read.size() >= 9);
            List<ConsumerRecord<byte[], byte[]>> dead =
                    Records.readUntil(broker, topics.dead, "read_committed", WAIT, read -> !read.isEmpty());
            letter = EventCodec.standard().decode(dead.get(0).value(), DeadLetter.class).orElseThrow();
            assertEquals(1.0, running.counter("chorale.deadletters", "reason", "NOT_MIDI"));
        }

        assertEquals(topics.in, letter.getSourceTopic());
        assertEquals(0, letter.getSourcePartition());
        assertEquals(3L, letter.getSourceOffset());
        assertEquals(RejectReason.NOT_MIDI, letter.getReason());
        assertEquals("starts with 'piec', not MThd", letter.getDetail());
        assertEquals(ByteBuffer.wrap(utf8("piece-003")), letter.getKey());
        assertEquals(ByteBuffer.wrap(utf8("piece-003")), letter.getValue());
        assertEquals(9, letter.getValueSize());
        assertEquals("test/poison-1", letter.getWorker());
        List<String> expected = new ArrayList<>(upper(inputs));
        expected.remove("PIECE-003");
        assertEquals(expected, values(Records.readAllCommitted(broker, topics.out)), "records after the poison too");
        assertEquals(1, Records.readAllCommitted(broker, topics.dead).size());
    }

    @Test
    void aRecordThatFailsTwiceThenSucceedsIsOutputOnce(TestBroker broker) throws Exception {
        Topics topics = Topics.create(broker, "flaky", 1);
        List<String> inputs = inputs(8);
        produce(broker, topics.in, inputs);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        RecordHandler handler = (record, out) -> {
            int call = calls.computeIfAbsent(text(record.value()), k -> new AtomicInteger()).incrementAndGet();
            upperCaseTo(topics.out).handle(record, out); // sent into the outbox, then thrown away by the failure
            if (text(record.value()).equals("piece-005") && call <= 2) {
                throw new IllegalStateException("model store not ready (call " + call + ")");
            }
        };

        try (RunningLoop running = RunningLoop.start(settings(broker, topics, "flaky-1"), handler)) {
            Records.readUntil(broker, topics.out, "read_committed", WAIT, read -> read.size() >= inputs.size());
            assertEquals(2.0, running.counter("chorale.handler.failures"));
        }

        assertEquals(upper(inputs), values(Records.readAllCommitted(broker, topics.out)), "no duplicates, none lost");
        assertEquals(3, calls.get("piece-005").get());
        assertEquals(0, Records.readAllCommitted(broker, topics.dead).size());
    }

    @Test
    void aRecordThatAlwaysFailsIsDeadLetteredAfterMaxAttempts(TestBroker broker) throws Exception {
        Topics topics = Topics.create(broker, "hopeless", 1);
        List<String> inputs = inputs(5);
        produce(broker, topics.in, inputs);
        AtomicInteger attempts = new AtomicInteger();
        RecordHandler handler = (record, out) -> {
            if (text(record.value()).equals("piece-001")) {
                attempts.incrementAndGet();
                throw new IllegalArgumentException("NaN in the gradients");
            }
            upperCaseTo(topics.out).handle(record, out);
        };

        DeadLetter letter;
        try (RunningLoop running = RunningLoop.start(settings(broker, topics, "hopeless-1"), handler)) {
            List<ConsumerRecord<byte[], byte[]>> dead =
                    Records.readUntil(broker, topics.dead, "read_committed", WAIT, read -> !read.isEmpty());
            letter = EventCodec.standard().decode(dead.get(0).value(), DeadLetter.class).orElseThrow();
            Records.readUntil(broker, topics.out, "read_committed", WAIT, read -> read.size() >= 4);
            assertEquals(1.0, running.counter("chorale.deadletters", "reason", "INTERNAL"));
        }

        assertEquals(3, attempts.get(), "maxAttempts");
        assertEquals(RejectReason.INTERNAL, letter.getReason());
        assertEquals(1L, letter.getSourceOffset());
        assertTrue(letter.getDetail().contains("NaN in the gradients"), letter.getDetail());
        assertTrue(letter.getDetail().contains("3 times"), letter.getDetail());
        assertEquals(4, Records.readAllCommitted(broker, topics.out).size());
    }

    @Test
    void anOutputKafkaRefusesAbortsRetriesAndIsFinallyDeadLettered(TestBroker broker) throws Exception {
        Topics topics = Topics.create(broker, "toolarge", 1);
        String tinyTopic = broker.uniqueTopic("tiny");
        broker.createTopic(tinyTopic, 1, Map.of("max.message.bytes", "1024"));
        List<String> inputs = inputs(4);
        produce(broker, topics.in, inputs);
        RecordHandler handler = (record, out) -> {
            int size = text(record.value()).equals("piece-002") ? 8192 : 16; // the broker refuses the big one
            out.send(new ProducerRecord<>(tinyTopic, record.key(), new byte[size]));
        };

        DeadLetter letter;
        try (RunningLoop running = RunningLoop.start(settings(broker, topics, "toolarge-1"), handler)) {
            List<ConsumerRecord<byte[], byte[]>> dead =
                    Records.readUntil(broker, topics.dead, "read_committed", WAIT, read -> !read.isEmpty());
            letter = EventCodec.standard().decode(dead.get(0).value(), DeadLetter.class).orElseThrow();
            Records.readUntil(broker, tinyTopic, "read_committed", WAIT, read -> read.size() >= 3);
            assertEquals(3.0, running.counter("chorale.transactions", "outcome", "aborted"));
        }

        assertEquals(2L, letter.getSourceOffset());
        assertTrue(letter.getDetail().contains("RecordTooLargeException"), letter.getDetail());
        assertEquals(3, Records.readAllCommitted(broker, tinyTopic).size(), "the other records exactly once");
    }

    @Test
    void aLoopFencedByANewerInstanceWithItsIdStopsAndIsUnhealthy(TestBroker broker) throws Exception {
        Topics topics = Topics.create(broker, "fence", 1);
        produce(broker, topics.in, List.of("first"));
        LoopSettings same = settings(broker, topics, "twin");
        try (RunningLoop older = RunningLoop.start(same, upperCaseTo(topics.out))) {
            Records.readUntil(broker, topics.out, "read_committed", WAIT, read -> read.size() >= 1);
            // another process with the same instance id (e.g. a restarted pod while the old one still lives)
            try (RunningLoop newer = RunningLoop.start(same.withGroupId(same.groupId() + "-other"),
                    upperCaseTo(topics.out))) {
                Records.readUntil(broker, topics.out, "read_committed", WAIT, read -> read.size() >= 2);
                produce(broker, topics.in, List.of("second"));

                assertTrue(older.awaitStop(WAIT), "the fenced loop stops");
                assertEquals(TransactionalLoop.State.FAILED, older.loop.state());
                assertFalse(older.loop.healthy());
                assertInstanceOf(ProducerFencedException.class, older.loop.failure().orElseThrow());
                Records.readUntil(broker, topics.out, "read_committed", WAIT, read -> read.size() >= 3);
                assertTrue(newer.loop.healthy(), "the newer instance carries on");
            }
        }
        assertEquals(List.of("FIRST", "FIRST", "SECOND"), values(Records.readAllCommitted(broker, topics.out)),
                "one output per group; the zombie's attempt at 'second' never committed");
    }

    @Test
    void closingMidBatchCommitsNothingOfItAndAnotherLoopRedoesIt(TestBroker broker) throws Exception {
        Topics topics = Topics.create(broker, "close", 1);
        List<String> inputs = inputs(6);
        produce(broker, topics.in, inputs);
        AtomicInteger handled = new AtomicInteger();
        TransactionalLoop[] self = new TransactionalLoop[1];
        RecordHandler closesItself = (record, out) -> {
            upperCaseTo(topics.out).handle(record, out);
            if (handled.incrementAndGet() == 3) {
                self[0].close(); // like SIGTERM arriving while the third record is handled
            }
        };

        RunningLoop first = RunningLoop.start(settings(broker, topics, "close-1"), closesItself);
        self[0] = first.loop;
        assertTrue(first.awaitStop(WAIT));
        first.close();
        assertEquals(TransactionalLoop.State.STOPPED, first.loop.state());
        assertFalse(first.loop.healthy());
        int committedByFirst = Records.readAllCommitted(broker, topics.out).size();
        assertTrue(committedByFirst < 3, "the third record's batch was dropped, not committed: " + committedByFirst);

        try (RunningLoop second = RunningLoop.start(settings(broker, topics, "close-2"), upperCaseTo(topics.out))) {
            Records.readUntil(broker, topics.out, "read_committed", WAIT, read -> read.size() >= inputs.size());
            assertTrue(second.loop.healthy());
        }
        assertEquals(upper(inputs), values(Records.readAllCommitted(broker, topics.out)));
    }

    @Test
    void eventsSentThroughTheOutboxAreSingleObjectEncoded(TestBroker broker) throws Exception {
        Topics topics = Topics.create(broker, "events", 1);
        produce(broker, topics.in, List.of("m1", "m2"));
        RecordHandler handler = (record, out) -> out.send(topics.out, text(record.key()),
                DeadLetter.newBuilder().setSourceTopic(record.topic()).setSourcePartition(record.partition())
                        .setSourceOffset(record.offset()).setReason(RejectReason.UNKNOWN).setDetail("echo").build());

        try (RunningLoop running = RunningLoop.start(settings(broker, topics, "events-1"), handler)) {
            Records.readUntil(broker, topics.out, "read_committed", WAIT, read -> read.size() >= 2);
            assertTrue(running.loop.healthy());
        }

        List<ConsumerRecord<byte[], byte[]>> out = Records.readAllCommitted(broker, topics.out);
        assertEquals(List.of("m1", "m2"), out.stream().map(r -> text(r.key())).sorted().toList());
        assertEquals(List.of(0L, 1L), out.stream()
                .map(r -> EventCodec.standard().decode(r.value(), DeadLetter.class).orElseThrow().getSourceOffset())
                .sorted().collect(Collectors.toList()));
    }
}
