package org.chorale.cli.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.chorale.cli.CliFailure;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.Topics;
import org.chorale.runtime.broker.EmbeddedKafka;
import org.chorale.runtime.broker.PortInUseException;

import java.io.PrintWriter;
import java.util.Map;

/** Starting the embedded broker and creating the topics, the same way for {@code broker}, {@code standalone}, {@code demo}. */
final class Brokers {
    private Brokers() {}

    static EmbeddedKafka start(EmbeddedKafka.Options options, PrintWriter err) {
        err.println("starting an embedded Kafka broker...");
        err.flush();
        try {
            return EmbeddedKafka.start(options);
        } catch (PortInUseException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    /** Creates Chorale's topics (idempotent) on a broker with default settings. */
    static Topics.EnsureReport createTopics(String bootstrapServers) {
        ChoraleConfig config = ChoraleConfig.of(Map.of(ChoraleConfig.BOOTSTRAP_SERVERS, bootstrapServers));
        try (Admin admin = KafkaClients.admin(config)) {
            return Topics.ensure(admin, config.topicSettings());
        }
    }
}
