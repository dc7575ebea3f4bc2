package org.chorale.runtime.testing;

import org.chorale.runtime.Topics;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A broker in Docker (Testcontainers). The only class of the fixture that touches Testcontainers, and it is loaded
 * only after Testcontainers was found on the classpath, so modules without it (or without Docker) never fail here.
 */
final class ContainerTestBroker implements TestBroker, AutoCloseable {

    /** Image to run; override with {@code -Dchorale.test.kafka.image=...}. */
    static final String IMAGE = System.getProperty("chorale.test.kafka.image", "apache/kafka:4.1.1");

    private final KafkaContainer container;

    private ContainerTestBroker(KafkaContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource") // closed with the broker
    static ContainerTestBroker start() {
        KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS", "500")
                .withEnv("KAFKA_MESSAGE_MAX_BYTES", String.valueOf(Topics.MAX_MESSAGE_BYTES + 64 * 1024));
        container.start();
        return new ContainerTestBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String kind() {
        return "container";
    }

    @Override
    public void close() {
        container.stop();
    }
}
