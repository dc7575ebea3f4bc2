package org.chorale.it.fleet;

import java.time.Duration;
import org.chorale.runtime.Topics;
import org.chorale.runtime.broker.EmbeddedKafka;
import org.chorale.runtime.testing.TestBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The broker the fleet under test talks to: Testcontainers' {@code KafkaContainer} where Docker answers, else
 * Chorale's embedded KRaft broker. The embedded broker runs in a child JVM ({@link EmbeddedKafka.Mode#CHILD_PROCESS})
 * so that it can be {@linkplain #restart() stopped and started again on the same data directory and port} — the
 * broker-restart scenario asks for that kind explicitly with {@link #startRestartable()}.
 *
 * <p>Both kinds allow group sessions down to 0.5 s, so a SIGKILLed worker's partitions move in seconds.
 */
public final class FleetBroker implements TestBroker, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetBroker.class);
    private static final String IMAGE = System.getProperty("chorale.test.kafka.image", "apache/kafka:4.1.1");

    private final EmbeddedKafka embedded;
    private final KafkaContainer container;

    private FleetBroker(EmbeddedKafka embedded, KafkaContainer container) {
        this.embedded = embedded;
        this.container = container;
    }

    /** A container when Docker answers, else the embedded broker in a child JVM. */
    public static FleetBroker start() {
        return dockerAvailable() ? startContainer() : startRestartable();
    }

    /** The embedded broker in a child JVM, whatever Docker says: it can be restarted on its data directory. */
    public static FleetBroker startRestartable() {
        long started = System.nanoTime();
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults()
                .withMode(EmbeddedKafka.Mode.CHILD_PROCESS)
                .withBrokerProperty("group.min.session.timeout.ms", "500")
                .withStartTimeout(Duration.ofSeconds(120)));
        LOG.info("embedded broker (child JVM) on {} up in {} ms", kafka.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return new FleetBroker(kafka, null);
    }

    @SuppressWarnings("resource") // closed with the broker
    private static FleetBroker startContainer() {
        KafkaContainer kafka = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS", "500")
                .withEnv("KAFKA_MESSAGE_MAX_BYTES", String.valueOf(Topics.MAX_MESSAGE_BYTES + 64 * 1024));
        kafka.start();
        return new FleetBroker(null, kafka);
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String bootstrapServers() {
        return embedded != null ? embedded.bootstrapServers() : container.getBootstrapServers();
    }

    @Override
    public String kind() {
        return embedded != null ? "embedded (child JVM)" : "container";
    }

    /** True for the embedded broker, whose data directory and port survive a restart. */
    public boolean restartable() {
        return embedded != null;
    }

    /** Clean stop (SIGTERM) and start again on the same data directory and port; returns once it answers. */
    public void restart() {
        if (embedded == null) throw new UnsupportedOperationException("only the embedded broker restarts here");
        long started = System.nanoTime();
        embedded.restart();
        LOG.info("broker restarted in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void close() {
        if (embedded != null) embedded.close();
        if (container != null) container.stop();
    }
}
