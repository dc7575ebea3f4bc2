package org.chorale.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChoraleConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ChoraleConfig config = ChoraleConfig.of(Map.of());
        assertEquals("localhost:9092", config.bootstrapServers());
        assertEquals(9400, config.metricsPort());
        assertEquals("chorale.", config.topicPrefix());
        assertEquals(4, config.partitions());
        assertEquals(1, config.replication());
        assertTrue(config.instanceId().endsWith("-" + ProcessHandle.current().pid()), config.instanceId());
        assertEquals(Map.of("bootstrap.servers", "localhost:9092"), config.kafkaProperties());
    }

    @Test
    void environmentOverridesTheFileAndMapsToChoraleAndKafkaKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("worker.properties");
        Files.writeString(file, String.join("\n",
                "chorale.bootstrap.servers=file:9092",
                "chorale.metrics.port=9401",
                "security.protocol=SSL",
                "sasl.mechanism=PLAIN"));
        Map<String, String> environment = Map.of(
                "CHORALE_BOOTSTRAP_SERVERS", "env:9093",
                "CHORALE_TOPIC_PREFIX", "staging.",
                "CHORALE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "CHORALE_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "CHORALE_CONFIG", file.toString(),
                "PATH", "/usr/bin");

        ChoraleConfig config = ChoraleConfig.load(file, environment);

        assertEquals("env:9093", config.bootstrapServers(), "environment wins");
        assertEquals(9401, config.metricsPort(), "file value kept");
        assertEquals("staging.", config.topicPrefix());
        assertEquals("staging.models", config.topics().models());
        Map<String, Object> kafka = config.kafkaProperties();
        assertEquals("env:9093", kafka.get("bootstrap.servers"));
        assertEquals("SSL", kafka.get("security.protocol"), "non-chorale keys pass untouched");
        assertEquals("SCRAM-SHA-512", kafka.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required;", kafka.get("sasl.jaas.config"));
        assertFalse(kafka.keySet().stream().anyMatch(k -> k.startsWith("chorale.")), kafka.toString());
        assertFalse(config.asMap().containsKey("chorale.config"), "CHORALE_CONFIG names the file, is no setting");
        assertFalse(config.asMap().containsKey("path"));
        assertFalse(config.toString().contains("ScramLoginModule"), "secrets are masked in logs");
    }

    @Test
    void cliOverridesAndTypedGetters() {
        ChoraleConfig config = ChoraleConfig.of(Map.of("chorale.metrics.port", "9400", "chorale.x.timeout", "30s",
                        "chorale.x.flag", "yes", "chorale.x.ratio", "0.25", "chorale.x.big", "12345678901"))
                .with("chorale.metrics.port", 0)
                .withAll(Map.of("chorale.instance.id", "gen-1", "chorale.topics.partitions", 8));

        assertEquals(0, config.metricsPort());
        assertEquals("gen-1", config.instanceId());
        assertEquals(8, config.topicSettings().partitions());
        assertEquals(Duration.ofSeconds(30), config.getDuration("chorale.x.timeout", Duration.ZERO));
        assertEquals(Duration.ofMillis(250), ChoraleConfig.of(Map.of("k", "250")).getDuration("k", Duration.ZERO));
        assertEquals(Duration.ofMinutes(2), ChoraleConfig.of(Map.of("k", "PT2M")).getDuration("k", Duration.ZERO));
        assertTrue(config.getBoolean("chorale.x.flag", false));
        assertEquals(0.25, config.getDouble("chorale.x.ratio", 0));
        assertEquals(12345678901L, config.getLong("chorale.x.big", 0));
        assertEquals(7, config.getInt("chorale.absent", 7));
    }

    @Test
    void badValuesNameTheKey() {
        ChoraleConfig config = ChoraleConfig.of(Map.of("chorale.metrics.port", "ninety", "chorale.t", "soon",
                "chorale.topics.replication", "0"));
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, config::metricsPort);
        assertTrue(port.getMessage().contains("chorale.metrics.port"), port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config.getDuration("chorale.t", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, config::replication);
    }

    @Test
    void aPlainKafkaBootstrapServersIsUsedWhenChoralesIsAbsent() {
        ChoraleConfig config = ChoraleConfig.of(Map.of("bootstrap.servers", "kafka-0:9092,kafka-1:9092"));
        assertEquals("kafka-0:9092,kafka-1:9092", config.bootstrapServers());
        assertEquals("kafka-0:9092,kafka-1:9092", config.kafkaProperties().get("bootstrap.servers"));
    }
}
