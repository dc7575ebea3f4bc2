package org.chorale.runtime.broker;

import static org.chorale.runtime.testing.Records.text;
import static org.chorale.runtime.testing.Records.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.internals.Exit;
import org.chorale.runtime.testing.KafkaBrokerExtension;
import org.chorale.runtime.testing.Records;
import org.chorale.runtime.testing.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBrokerExtension.class)
class EmbeddedKafkaTest {

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            PortInUseException error = assertThrows(PortInUseException.class,
                    () -> EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withPort(taken.getLocalPort())));

            assertEquals("port " + taken.getLocalPort()
                    + " is already in use — is another broker running? use --port 0 for a free port", error.getMessage());
            assertEquals(taken.getLocalPort(), error.port());
        }
    }

    @Test
    void theInJvmBrokerCannotHaltTheJvm(TestBroker broker) {
        assumeTrue(broker.kind().equals("embedded"), "only the in-JVM broker installs the guard");
        // what a broker thread does on a fatal error; without the guard this would end the test run
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Exit.halt(1, "simulated"));
        assertTrue(refused.getMessage().contains("halt(1)"), refused.getMessage());
    }

    @Test
    @SuppressWarnings("try") // close() inside the try on purpose: it must be idempotent
    void aChildProcessBrokerServesSurvivesAKillAndRestartsOnItsData(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults()
                .withMode(EmbeddedKafka.Mode.CHILD_PROCESS).withDataDir(dataDir))) {
            TestBroker child = brokerOn(kafka);
            clusterId = kafka.clusterId();
            createTopic(kafka, "scores");
            Records.produce(child, "scores", List.of(Map.entry("bach", utf8("BWV 269"))));

            kafka.kill();
            assertFalse(kafka.isRunning());
            kafka.restart();

            assertTrue(kafka.isRunning());
            assertEquals(clusterId, kafka.clusterId());
            Records.produce(child, "scores", List.of(Map.entry("satie", utf8("Gymnopédie"))));
            assertEquals(List.of("BWV 269", "Gymnopédie"),
                    Records.readAllCommitted(child, "scores").stream().map(r -> text(r.value())).toList());
            kafka.close();
            kafka.close(); // idempotent
            assertFalse(kafka.isRunning());
        }
        assertTrue(Files.isDirectory(dataDir), "a given data directory is kept");

        // a new broker on the same directory (in this JVM: quicker than another child) finds cluster id and data
        try (EmbeddedKafka again = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDataDir(dataDir))) {
            assertEquals(clusterId, again.clusterId(), "the stored cluster id is reused");
            assertEquals(List.of("BWV 269", "Gymnopédie"),
                    Records.readAllCommitted(brokerOn(again), "scores").stream().map(r -> text(r.value())).toList());
        }
    }

    private static TestBroker brokerOn(EmbeddedKafka kafka) {
        return new TestBroker() {
            @Override
            public String bootstrapServers() {
                return kafka.bootstrapServers();
            }

            @Override
            public String kind() {
                return "child";
            }
        };
    }

    private static void createTopic(EmbeddedKafka kafka, String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
