package org.chorale.it.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** deploy/docker-compose.yml (GPU) and its CPU variant run what the code expects, where it expects it. */
class ComposeTest {
    private static final Path COMPOSE = RepoLayout.deploy().resolve("docker-compose.yml");
    private static final Path CPU_OVERRIDE = RepoLayout.deploy().resolve("docker-compose.cpu.yml");
    private static final ComposeModel GPU = ComposeModel.load(COMPOSE);
    private static final ComposeModel CPU = ComposeModel.load(COMPOSE, CPU_OVERRIDE);
    private static final String METRICS_PORT = String.valueOf(CodeFacts.DEFAULT_METRICS_PORT);

    @Test
    void theWholeStackIsThere() {
        for (ComposeModel compose : List.of(GPU, CPU)) {
            assertTrue(compose.serviceNames().containsAll(List.of("kafka", "topics-init", "prometheus", "grafana")),
                    compose.serviceNames().toString());
            assertTrue(compose.serviceNames().containsAll(CodeFacts.ROLES), compose.serviceNames().toString());
        }
    }

    @Test
    void eachWorkerRunsItsRoleAndServesMetricsOnTheDefaultPort() {
        assertAll(CodeFacts.ROLES.stream().map(role -> (Executable) () -> {
            JsonNode s = GPU.service(role);
            assertEquals(List.of(CodeFacts.WORKER_COMMAND, role), Manifests.texts(s.path("command")), role);
            assertEquals(METRICS_PORT, GPU.environment(role).getOrDefault("CHORALE_METRICS_PORT", METRICS_PORT), role);
            assertTrue(Manifests.texts(s.path("expose")).contains(METRICS_PORT), role + " does not expose " + METRICS_PORT);
            // published on the host where `chorale standalone` would serve it, so one Prometheus config fits both
            String published = CodeFacts.STANDALONE_METRICS_PORTS.get(role) + ":" + METRICS_PORT;
            assertEquals(List.of(published), Manifests.texts(s.path("ports")), role);
        }));
    }

    @Test
    void workersAndTopicCreationReachKafkaOnItsInternalListener() {
        String internal = advertisedListener("INTERNAL");
        for (String service : List.of("ingest", "trainer", "generator", "topics-init")) {
            assertEquals(internal, GPU.environment(service).get(CodeFacts.BOOTSTRAP_SERVERS_ENV), service);
        }
        assertEquals("localhost:9092", advertisedListener("EXTERNAL"),
                "host tools (chorale publish, kcat) use localhost:9092");
        assertEquals(List.of("9092:9092"), Manifests.texts(GPU.service("kafka").path("ports")));
    }

    @Test
    void topicsAreCreatedOnceKafkaIsHealthyAndBeforeAnyWorkerStarts() {
        JsonNode init = GPU.service("topics-init");
        assertEquals(CodeFacts.TOPICS_CREATE_COMMAND, Manifests.texts(init.path("command")));
        assertEquals("no", init.path("restart").asText());
        assertEquals("service_healthy", init.path("depends_on").path("kafka").path("condition").asText());
        assertFalse(GPU.service("kafka").path("healthcheck").path("test").isEmpty(), "kafka needs a healthcheck");
        for (String role : CodeFacts.ROLES) {
            assertEquals("service_completed_successfully",
                    GPU.service(role).path("depends_on").path("topics-init").path("condition").asText(), role);
        }
    }

    @Test
    void kafkaIsASingleKraftNodeThatSupportsTransactionsAndLargeRecords() {
        Map<String, String> env = GPU.environment("kafka");
        assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"));
        assertEquals("1", env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"));
        assertEquals("1", env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"));
        assertEquals("1", env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"), "min ISR 2 (the default) breaks transactions on one node");
        assertEquals(String.valueOf(20 * 1024 * 1024), env.get("KAFKA_MESSAGE_MAX_BYTES"));
        assertEquals("1@kafka:9093", env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
        // KRaft formats storage with this id: it must be a base64url UUID (22 characters, 16 bytes)
        String clusterId = env.get("CLUSTER_ID");
        assertEquals(22, clusterId.length(), clusterId);
        assertEquals(16, Base64.getUrlDecoder().decode(clusterId).length, clusterId);
    }

    @Test
    void kafkaImageIsTheKafkaVersionTheProjectBuildsAgainst() throws Exception {
        Matcher m = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>").matcher(Files.readString(RepoLayout.rootPom()));
        assertTrue(m.find(), "kafka.version not in the root pom");
        assertEquals("apache/kafka:" + m.group(1), GPU.service("kafka").path("image").asText());
    }

    @Test
    void gpuFileReservesOneNvidiaGpuForTrainerAndGeneratorOnly() {
        for (String role : CodeFacts.ROLES) {
            JsonNode devices = devices(GPU, role);
            if (CodeFacts.GPU_ROLES.contains(role)) {
                assertEquals(1, devices.size(), role);
                JsonNode d = devices.get(0);
                assertEquals("nvidia", d.path("driver").asText(), role);
                assertEquals(1, d.path("count").asInt(), role);
                assertEquals(List.of("gpu"), Manifests.texts(d.path("capabilities")), role);
                assertTrue(GPU.service(role).path("image").asText().contains("cuda"), role + " must run the CUDA image");
            } else {
                assertTrue(devices.isEmpty(), role + " must not reserve a GPU");
                assertFalse(GPU.service(role).path("image").asText().contains("cuda"), role);
            }
        }
    }

    @Test
    void cpuVariantHasNoGpuReservationsAndOneCpuImage() {
        String cpuImage = CPU.service("ingest").path("image").asText();
        assertFalse(cpuImage.contains("cuda"), cpuImage);
        for (String role : CodeFacts.ROLES) {
            assertTrue(devices(CPU, role).isEmpty(), role + " still reserves a GPU in the CPU variant");
            assertEquals(cpuImage, CPU.service(role).path("image").asText(), role);
            // the override must not lose what the base file says
            assertEquals(List.of(CodeFacts.WORKER_COMMAND, role), Manifests.texts(CPU.service(role).path("command")));
        }
        assertEquals(cpuImage, CPU.service("topics-init").path("image").asText());
    }

    @Test
    void jvmLimitsFitTheContainers() {
        assertAll(CodeFacts.ROLES.stream().map(role -> (Executable) () -> {
            String options = GPU.environment(role).get("JAVA_TOOL_OPTIONS");
            long heap = JvmMemory.maxHeap(options).orElseThrow(() -> new AssertionError(role + ": no -Xmx"));
            long physical = JvmMemory.maxPhysicalBytes(options)
                    .orElseThrow(() -> new AssertionError(role + ": no maxphysicalbytes"));
            long limit = JvmMemory.jvmSize(GPU.service(role).path("mem_limit").asText());
            assertTrue(heap < physical, role + ": JavaCPP counts the heap too, so its cap must exceed -Xmx");
            assertTrue(physical <= limit, role + ": maxphysicalbytes above the container's mem_limit");
        }));
    }

    @Test
    void prometheusAndGrafanaGetTheirFiles() {
        JsonNode prometheus = GPU.service("prometheus");
        assertTrue(Manifests.texts(prometheus.path("volumes")).contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
        assertTrue(Manifests.texts(prometheus.path("command")).contains("--config.file=/etc/prometheus/prometheus.yml"));
        for (String volume : Manifests.texts(GPU.service("grafana").path("volumes"))) {
            String source = volume.split(":")[0];
            if (source.startsWith(".")) {
                assertTrue(Files.exists(RepoLayout.deploy().resolve(source).normalize()), "missing mount source " + source);
            }
        }
    }

    @Test
    void everyImageIsPinned() {
        for (String service : GPU.serviceNames()) {
            String image = GPU.service(service).path("image").asText();
            assertTrue(image.matches("[^:]+:[^:]+") && !image.endsWith(":latest"), service + " image not pinned: " + image);
        }
    }

    private static JsonNode devices(ComposeModel compose, String service) {
        return compose.service(service).path("deploy").path("resources").path("reservations").path("devices");
    }

    /** host:port Kafka advertises on the named listener. */
    private static String advertisedListener(String name) {
        for (String listener : GPU.environment("kafka").get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
            if (listener.startsWith(name + "://")) {
                return listener.substring(name.length() + 3);
            }
        }
        throw new AssertionError("no advertised listener " + name);
    }
}
