package org.chorale.runtime.loop;

import static org.chorale.runtime.testing.Records.text;
import static org.chorale.runtime.testing.Records.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chorale.runtime.testing.KafkaBrokerExtension;
import org.chorale.runtime.testing.Records;
import org.chorale.runtime.testing.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker process killed in the middle of a transaction, and its replacement in the same group: nothing is lost,
 * nothing is duplicated, and the half-written transaction is never seen by read_committed readers.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TransactionalLoopCrashTest {

    @Test
    void aWorkerKilledMidTransactionLosesNothingAndDuplicatesNothing(TestBroker broker) throws Exception {
        String in = broker.uniqueTopic("crash-in");
        String out = broker.uniqueTopic("crash-out");
        String dead = broker.uniqueTopic("crash-dead");
        broker.createTopic(in, 2);
        broker.createTopic(out, 2);
        broker.createTopic(dead, 1);
        List<String> inputs = IntStream.range(0, 40).mapToObj(i -> "note-" + i).toList();
        Records.produce(broker, in, inputs.stream().map(v -> Map.entry(v, utf8(v))).toList());
        String group = in + "-group";

        Path log = Files.createTempFile("crashing-worker", ".log");
        Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashingCopyWorker.class.getName(),
                broker.bootstrapServers(), in, out, dead, group, "worker-7", "3")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(worker.waitFor(90, TimeUnit.SECONDS), "the worker crashes by itself");
        assertEquals(CrashingCopyWorker.CRASH_STATUS, worker.exitValue(), () -> readQuietly(log));

        int committed = Records.readAll(broker, out, "read_committed").size();
        int written = Records.readAll(broker, out, "read_uncommitted").size();
        assertTrue(committed <= 10, "two batches of at most 5 committed: " + committed);
        assertTrue(written > committed, "the crashed transaction's records are on the log, uncommitted: "
                + written + " written, " + committed + " committed");

        // the replacement has the same instance id: initTransactions aborts the dead one's open transaction
        LoopSettings replacement = new LoopSettings("test", "worker-7", group, List.of(in), broker.fastGroupConfig(),
                5, Duration.ofSeconds(30), 3, dead, Duration.ofMillis(100), Duration.ofSeconds(30));
        try (RunningLoop running = RunningLoop.start(replacement, (record, outbox) -> outbox.send(
                new ProducerRecord<>(out, record.key(), utf8(text(record.value()).toUpperCase(Locale.ROOT)))))) {
            Records.readUntil(broker, out, "read_committed", Duration.ofSeconds(90),
                    read -> read.size() >= inputs.size());
            assertTrue(running.loop.healthy());
        }

        List<String> outputs = Records.readAllCommitted(broker, out).stream().map(r -> text(r.value())).sorted()
                .toList();
        assertEquals(inputs.stream().map(v -> v.toUpperCase(Locale.ROOT)).sorted().toList(), outputs);
        assertEquals(0, Records.readAllCommitted(broker, dead).size());
        Files.deleteIfExists(log);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
