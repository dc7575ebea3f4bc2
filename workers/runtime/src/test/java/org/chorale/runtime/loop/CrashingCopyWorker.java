package org.chorale.runtime.loop;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chorale.runtime.metrics.WorkerMetrics;

/**
 * A worker process that dies hard in the middle of a transaction: run in a child JVM by the crash test. It copies
 * records upper-cased like the other loop tests, and on its N-th commit flushes the transaction's records to the
 * broker and halts the JVM before committing (no shutdown hooks, no client close: a real crash).
 *
 * <p>Arguments: bootstrap servers, input topic, output topic, dead-letter topic, group, instance id, N.
 */
public final class CrashingCopyWorker {

    /** Exit status of the deliberate crash. */
    public static final int CRASH_STATUS = 77;

    private CrashingCopyWorker() {
    }

    public static void main(String[] args) {
        String out = args[2];
        int crashOnCommit = Integer.parseInt(args[6]);
        LoopSettings settings = new LoopSettings("test", args[5], args[4], List.of(args[1]),
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500,
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 3000),
                5, Duration.ofSeconds(30), 3, args[3], Duration.ofMillis(100), Duration.ofSeconds(30));
        RecordHandler copy = (record, outbox) -> outbox.send(new ProducerRecord<>(out, record.key(),
                new String(record.value(), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
                        .getBytes(StandardCharsets.UTF_8)));
        TransactionalLoop loop = new TransactionalLoop(settings, copy,
                WorkerMetrics.unserved("test", args[5], new WorkerMetrics.WorkerInfo("cpu", "test", "test")));
        int[] commits = {0};
        loop.beforeCommit(producer -> {
            if (++commits[0] == crashOnCommit) {
                producer.flush(); // the batch's outputs are on the broker, inside an open transaction
                Runtime.getRuntime().halt(CRASH_STATUS);
            }
        });
        loop.run();
    }
}
