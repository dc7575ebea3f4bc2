package org.chorale.runtime.testing;

import org.chorale.runtime.broker.EmbeddedKafka;

/** The in-JVM KRaft broker, allowing the short group sessions of {@link TestBroker#fastGroupConfig()}. */
final class EmbeddedTestBroker implements TestBroker, AutoCloseable {

    private final EmbeddedKafka kafka;

    private EmbeddedTestBroker(EmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    static EmbeddedTestBroker start() {
        return new EmbeddedTestBroker(EmbeddedKafka.start(EmbeddedKafka.Options.defaults()
                .withBrokerProperty("group.min.session.timeout.ms", "500")));
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public void close() {
        kafka.close();
    }
}
