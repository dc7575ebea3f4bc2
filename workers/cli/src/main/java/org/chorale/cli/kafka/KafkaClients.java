package org.chorale.cli.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.Topics;

import java.util.HashMap;
import java.util.Map;

/** The Kafka clients a command uses, built from the worker settings (so TLS/SASL settings apply to them too). */
public final class KafkaClients {
    private KafkaClients() {}

    /** An idempotent producer that waits for all replicas and takes 20 MiB records (MIDI files, checkpoints). */
    public static KafkaProducer<byte[], byte[]> producer(ChoraleConfig config) {
        Map<String, Object> p = base(config, "producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MESSAGE_BYTES);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer for reading topics by assignment (no group): it sees only committed transactions, since every
     * event a command waits for is written by a worker's transaction.
     */
    public static KafkaConsumer<byte[], byte[]> reader(ChoraleConfig config) {
        Map<String, Object> c = base(config, "reader");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_MESSAGE_BYTES);
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public static Admin admin(ChoraleConfig config) {
        Map<String, Object> a = base(config, "admin");
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(a);
    }

    private static Map<String, Object> base(ChoraleConfig config, String role) {
        Map<String, Object> m = new HashMap<>(config.kafkaProperties());
        m.put("client.id", "chorale-cli-" + role + "-" + ProcessHandle.current().pid());
        // a command on a laptop may aim at a broker that is not up: fail in seconds, not minutes
        m.putIfAbsent("reconnect.backoff.max.ms", 2_000);
        return m;
    }
}
