package org.chorale.runtime.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.chorale.runtime.Topics;

/** A running broker for tests, with client settings that keep tests fast. */
public interface TestBroker {

    /** {@code host:port} for clients. */
    String bootstrapServers();

    /** {@code embedded} or {@code container}. */
    String kind();

    /** Just the bootstrap servers: what a worker's {@code kafkaProperties} needs. */
    default Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /**
     * Settings for consumers in groups under test (workers included): heartbeats every 0.5 s and a 3 s session, so
     * a vanished member is noticed in seconds rather than 45 s. The test brokers allow sessions this short.
     */
    default Map<String, Object> fastGroupConfig() {
        Map<String, Object> config = clientConfig();
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 3000);
        return config;
    }

    /** An idempotent byte producer (acks=all) that can send records up to the topics' limit. */
    default Map<String, Object> producerConfig() {
        Map<String, Object> config = clientConfig();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MESSAGE_BYTES);
        return config;
    }

    /** A read_committed byte consumer in {@code groupId}, from the earliest offset, committing by hand. */
    default Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> config = fastGroupConfig();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /** A new admin client; close it. */
    default Admin newAdmin() {
        return Admin.create(clientConfig());
    }

    /** A topic name no other test uses. */
    default String uniqueTopic(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a topic (replication 1) and waits until the broker's metadata has it. */
    default void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = newAdmin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS);
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50); // metadata propagation gives no signal to wait on
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    /** Creates a topic with the limits of Chorale's own topics. */
    default void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of("max.message.bytes", String.valueOf(Topics.MAX_MESSAGE_BYTES)));
    }
}
