package org.chorale.it.fleet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.chorale.runtime.TopicSettings;
import org.chorale.runtime.Topics;
import org.chorale.schemas.EventCodec;

/**
 * One test's fleet: its own set of Chorale topics (a unique prefix) on a shared {@link FleetBroker}, the worker
 * processes it started, a producer for its inputs and read_committed logs of its outputs. {@link #close()} kills
 * what still runs.
 */
public final class Fleet implements AutoCloseable {

    private final FleetBroker broker;
    private final Topics topics;
    private final Path dir;
    private final Map<String, String> workerSettings = new HashMap<>();
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final List<TopicLog> logs = new ArrayList<>();
    private final KafkaProducer<byte[], byte[]> producer;

    private Fleet(FleetBroker broker, Topics topics, Path dir) {
        this.broker = broker;
        this.topics = topics;
        this.dir = dir;
        Map<String, Object> config = broker.producerConfig();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(config);
        workerSettings.put("chorale.bootstrap.servers", broker.bootstrapServers());
        workerSettings.put("chorale.topic.prefix", topics.prefix());
        // a crashed worker's partitions move after 3 s, not 45 s (the test brokers allow short sessions)
        workerSettings.put("session.timeout.ms", "3000");
        workerSettings.put("heartbeat.interval.ms", "500");
        // the trainer's per-epoch music statistics are not what these tests are about; they cost seconds
        workerSettings.put("chorale.trainer.sample-count", "0");
    }

    /**
     * Creates the fleet's topics (4 partitions each) under a fresh prefix. Worker settings and output go to
     * {@code integration-tests/target/fleet/<prefix>}, kept after the run for post-mortems.
     */
    public static Fleet create(FleetBroker broker, String name) {
        String prefix = "it-" + name + "-" + UUID.randomUUID().toString().substring(0, 6) + ".";
        Path dir = ProjectLayout.root().resolve("integration-tests/target/fleet").resolve(prefix);
        try (Admin admin = broker.newAdmin()) {
            Topics.ensure(admin, new TopicSettings(prefix, 4, (short) 1));
        }
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Fleet(broker, new Topics(prefix), dir);
    }

    public FleetBroker broker() {
        return broker;
    }

    public Topics topics() {
        return topics;
    }

    /** The consumer group of a role's workers in this fleet (per prefix, so fleets do not rebalance each other). */
    public String group(String role) {
        return topics.consumerGroup(role);
    }

    /** Adds a setting every worker started from now on gets (a {@code chorale.*} key or a Kafka client key). */
    public Fleet withWorkerSetting(String key, String value) {
        workerSettings.put(key, value);
        return this;
    }

    /** Starts a worker process named {@code <prefix><name>} and waits until it runs. */
    public WorkerProcess startWorker(WorkerProcess.Role role, String name) {
        WorkerProcess worker = WorkerProcess.start(role, topics.prefix() + name, workerSettings, dir);
        workers.add(worker);
        return worker;
    }

    /** A read_committed log of {@code topic}, closed with the fleet. */
    public TopicLog log(String topic) {
        TopicLog log = new TopicLog(broker, topic);
        logs.add(log);
        return log;
    }

    /** Sends one record (partition null: by key) and waits for its acknowledgement. */
    public RecordMetadata send(String topic, Integer partition, String key, byte[] value, Map<String, String> headers) {
        try {
            return sendAsync(topic, partition, key, value, headers).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Sends one record without waiting; {@link #flush()} or the future's {@code get} waits. */
    public Future<RecordMetadata> sendAsync(String topic, Integer partition, String key, byte[] value,
                                            Map<String, String> headers) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
        headers.forEach((k, v) -> record.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        return producer.send(record);
    }

    /** Sends an event (single-object Avro) keyed by {@code key}. */
    public RecordMetadata sendEvent(String topic, String key, SpecificRecord event) {
        return send(topic, null, key, EventCodec.standard().encode(event), Map.of());
    }

    public void flush() {
        producer.flush();
    }

    /**
     * Waits until {@code group} has committed offsets past the last committed record of every partition of
     * {@code topic} (as of this call): every input record was processed and its outputs committed with it (the
     * loop commits offsets only inside its transactions). "Past the last record" rather than "at the end offset":
     * on a topic that transactions write to (training.epochs), the end offset also counts the commit markers.
     */
    public void awaitConsumed(String group, String topic, Duration timeout) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (TopicLog log = new TopicLog(broker, topic)) {
            log.readToEnd().forEach(r -> ends.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max));
        }
        try (Admin admin = broker.newAdmin()) {
            List<TopicPartition> partitions = List.copyOf(ends.keySet());
            Await.until(group + " to consume " + topic + " to " + ends, timeout, () -> {
                Map<TopicPartition, Long> committed = committed(admin, group, partitions);
                return partitions.stream().allMatch(p -> committed.getOrDefault(p, 0L) >= ends.get(p));
            }, () -> "committed " + committed(admin, group, partitions) + "; " + liveWorkerLogs() + "\n"
                    + workerThreads());
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group, List<TopicPartition> partitions) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> result = new HashMap<>();
            for (TopicPartition p : partitions) {
                OffsetAndMetadata o = offsets.get(p);
                if (o != null) result.put(p, o.offset());
            }
            return result;
        } catch (Exception e) {
            return Map.of(); // the coordinator is moving (a restart): not consumed yet, ask again
        }
    }

    /** The last lines of every worker's output, for failure messages. */
    public String liveWorkerLogs() {
        return workers.stream().map(w -> (w.isAlive() ? "" : "[exited] ") + w.logTail(15))
                .collect(Collectors.joining("\n---\n"));
    }

    /** Where each live worker's Chorale threads are right now (thread dumps), for failure messages of a stall. */
    public String workerThreads() {
        return workers.stream().filter(WorkerProcess::isAlive).map(WorkerProcess::threadDump)
                .collect(Collectors.joining("\n---\n"));
    }

    /** Kills the workers still running, closes the logs and the producer. */
    @Override
    public void close() {
        workers.forEach(WorkerProcess::close);
        logs.forEach(TopicLog::close);
        producer.close(Duration.ofSeconds(5));
    }
}
