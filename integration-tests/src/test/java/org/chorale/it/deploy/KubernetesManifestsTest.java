package org.chorale.it.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** deploy/k8s/base: the workers' Deployments, the topics Job, scraping and autoscaling agree with the code. */
class KubernetesManifestsTest {
    private static final Path BASE = RepoLayout.deploy().resolve("k8s/base");
    private static final Kustomization KUSTOMIZATION = Kustomization.load(BASE);
    private static final List<JsonNode> DOCS = KUSTOMIZATION.render();

    @Test
    void kustomizationListsEveryManifestAndOnlyExistingOnes() {
        Set<Path> listed = new TreeSet<>(KUSTOMIZATION.resourcePaths());
        Set<Path> present = new TreeSet<>(Manifests.filesUnder(BASE, ".yaml", ".yml"));
        present.remove(BASE.resolve("kustomization.yaml"));
        assertEquals(present, listed, "resources: must name exactly the manifests in base/");
    }

    @Test
    void everyDocumentIsAKubernetesObjectInTheChoraleNamespace() {
        assertAll(DOCS.stream().map(d -> (Executable) () -> {
            String id = d.path("kind").asText() + "/" + d.path("metadata").path("name").asText();
            assertFalse(d.path("apiVersion").asText().isEmpty(), id + ": apiVersion");
            assertFalse(d.path("metadata").path("name").asText().isEmpty(), id + ": name");
            if (!d.path("kind").asText().equals("Namespace")) {
                assertEquals("chorale", d.path("metadata").path("namespace").asText(), id);
            }
        }));
        assertEquals(1, byKind("Namespace").size());
        assertEquals("chorale", byKind("Namespace").get(0).path("metadata").path("name").asText());
    }

    @Test
    void oneDeploymentPerRoleRunningThatRole() {
        assertEquals(CodeFacts.ROLES.size(), byKind("Deployment").size());
        assertAll(CodeFacts.ROLES.stream().map(role -> (Executable) () -> {
            JsonNode c = container(deployment(role));
            assertEquals(List.of(CodeFacts.WORKER_COMMAND, role), Manifests.texts(c.path("args")), role);
            assertEquals(CodeFacts.DEFAULT_METRICS_PORT, namedPort(c, "metrics"), role);
        }));
    }

    @Test
    void probesHitHealthzOnTheMetricsPort() {
        assertAll(CodeFacts.ROLES.stream().map(role -> (Executable) () -> {
            JsonNode c = container(deployment(role));
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode get = c.path(probe).path("httpGet");
                assertEquals(CodeFacts.HEALTH_PATH, get.path("path").asText(), role + " " + probe);
                int port = get.path("port").isInt() ? get.path("port").asInt() : namedPort(c, get.path("port").asText());
                assertEquals(CodeFacts.DEFAULT_METRICS_PORT, port, role + " " + probe);
            }
        }));
    }

    @Test
    void podsCarryPrometheusScrapeAnnotations() {
        for (String role : CodeFacts.ROLES) {
            JsonNode annotations = deployment(role).path("spec").path("template").path("metadata").path("annotations");
            assertEquals("true", annotations.path("prometheus.io/scrape").asText(), role);
            assertEquals(String.valueOf(CodeFacts.DEFAULT_METRICS_PORT), annotations.path("prometheus.io/port").asText(), role);
            assertEquals(CodeFacts.METRICS_PATH, annotations.path("prometheus.io/path").asText(), role);
        }
    }

    @Test
    void gpuRolesRequestOneGpuOnSupportedNodesAndIngestNone() {
        for (String role : CodeFacts.ROLES) {
            JsonNode pod = deployment(role).path("spec").path("template").path("spec");
            JsonNode gpu = container(deployment(role)).path("resources").path("limits").path("nvidia.com/gpu");
            if (CodeFacts.GPU_ROLES.contains(role)) {
                assertEquals(1, gpu.asInt(), role + ": nvidia.com/gpu limit");
                assertEquals("true", pod.path("nodeSelector").path("nvidia.com/gpu.present").asText(), role);
                assertTrue(tolerates(pod, "nvidia.com/gpu"), role + " must tolerate the GPU nodes' taint");
                // ND4J's CUDA 11.6 build runs up to compute capability 8.x: never schedule on Hopper (9.x)
                List<String> majors = Manifests.texts(pod.path("affinity").path("nodeAffinity")
                        .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms").get(0)
                        .path("matchExpressions").get(0).path("values"));
                assertFalse(majors.isEmpty(), role + ": compute capability affinity");
                assertTrue(majors.stream().allMatch(m -> Integer.parseInt(m) <= 8), role + ": " + majors);
            } else {
                assertTrue(gpu.isMissingNode(), role + " must not ask for a GPU");
                assertTrue(pod.path("nodeSelector").isMissingNode(), role);
            }
        }
    }

    @Test
    void memoryLimitsHoldTheHeapAndNd4jsOffHeapCap() {
        assertAll(CodeFacts.ROLES.stream().map(role -> (Executable) () -> {
            JsonNode c = container(deployment(role));
            String options = env(c).get("JAVA_TOOL_OPTIONS");
            long heap = JvmMemory.maxHeap(options).orElseThrow(() -> new AssertionError(role + ": no -Xmx"));
            long physical = JvmMemory.maxPhysicalBytes(options).orElseThrow(() -> new AssertionError(role + ": no cap"));
            long limit = JvmMemory.kubernetesQuantity(c.path("resources").path("limits").path("memory").asText());
            long request = JvmMemory.kubernetesQuantity(c.path("resources").path("requests").path("memory").asText());
            assertTrue(heap < physical && physical <= limit, role + ": want Xmx < maxphysicalbytes <= memory limit");
            assertTrue(request <= limit, role);
        }));
    }

    @Test
    void workersAndTheJobReadSettingsFromTheConfigMapAndSecret() {
        JsonNode config = named("ConfigMap", "chorale-config");
        assertFalse(config.path("data").path(CodeFacts.BOOTSTRAP_SERVERS_ENV).asText().isBlank());
        assertEquals(String.valueOf(CodeFacts.DEFAULT_METRICS_PORT), config.path("data").path("CHORALE_METRICS_PORT").asText());
        JsonNode secret = named("Secret", "chorale-kafka-client");
        secret.path("stringData").fieldNames().forEachRemaining(k ->
                assertTrue(k.startsWith("CHORALE_KAFKA_"), "secret key " + k + " would not reach the Kafka clients"));
        List<JsonNode> workloads = new ArrayList<>(byKind("Deployment"));
        workloads.addAll(byKind("Job"));
        for (JsonNode w : workloads) {
            List<String> refs = new ArrayList<>();
            container(w).path("envFrom").forEach(e -> refs.add(e.has("configMapRef")
                    ? "ConfigMap/" + e.path("configMapRef").path("name").asText()
                    : "Secret/" + e.path("secretRef").path("name").asText()));
            assertEquals(List.of("ConfigMap/chorale-config", "Secret/chorale-kafka-client"), refs,
                    w.path("metadata").path("name").asText());
        }
    }

    @Test
    void topicsJobCreatesTheTopics() {
        JsonNode job = byKind("Job").get(0);
        assertEquals(CodeFacts.TOPICS_CREATE_COMMAND, Manifests.texts(container(job).path("args")));
        assertEquals("OnFailure", job.path("spec").path("template").path("spec").path("restartPolicy").asText());
    }

    @Test
    void podMonitorScrapesEveryWorkerOnItsMetricsPort() {
        JsonNode monitor = byKind("PodMonitor").get(0);
        JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
        assertEquals("metrics", endpoint.path("port").asText());
        assertEquals(CodeFacts.METRICS_PATH, endpoint.path("path").asText());
        assertTrue(endpoint.path("honorLabels").asBoolean(), "keep the workers' role/worker labels");
        for (String role : CodeFacts.ROLES) {
            JsonNode podLabels = deployment(role).path("spec").path("template").path("metadata").path("labels");
            assertTrue(selects(monitor.path("spec").path("selector"), podLabels), "PodMonitor misses " + role);
        }
        JsonNode jobLabels = byKind("Job").get(0).path("spec").path("template").path("metadata").path("labels");
        assertFalse(selects(monitor.path("spec").path("selector"), jobLabels), "the topics Job serves no metrics");
    }

    @Test
    void kedaScalesTheGeneratorOnItsGroupsLagOnTheRequestsTopic() {
        JsonNode scaled = byKind("ScaledObject").get(0);
        JsonNode generator = deployment("generator");
        assertEquals(generator.path("metadata").path("name").asText(),
                scaled.path("spec").path("scaleTargetRef").path("name").asText());
        assertTrue(generator.path("spec").path("replicas").isMissingNode(), "KEDA owns the generator's replicas");
        JsonNode trigger = scaled.path("spec").path("triggers").get(0);
        assertEquals("kafka", trigger.path("type").asText());
        JsonNode meta = trigger.path("metadata");
        assertEquals(CodeFacts.consumerGroup("generator"), meta.path("consumerGroup").asText());
        assertEquals(CodeFacts.GENERATION_REQUESTS_TOPIC, meta.path("topic").asText());
        // bootstrap servers come from the generator container's environment, which the ConfigMap fills
        String fromEnv = meta.path("bootstrapServersFromEnv").asText();
        assertEquals(CodeFacts.BOOTSTRAP_SERVERS_ENV, fromEnv);
        assertTrue(named("ConfigMap", "chorale-config").path("data").has(fromEnv));
        // more generators than partitions would sit idle
        int partitions = named("ConfigMap", "chorale-config").path("data").path("CHORALE_TOPICS_PARTITIONS").asInt();
        int max = scaled.path("spec").path("maxReplicaCount").asInt();
        assertTrue(max >= 1 && max <= partitions, "maxReplicaCount " + max + " vs " + partitions + " partitions");
    }

    private static List<JsonNode> byKind(String kind) {
        return DOCS.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode named(String kind, String name) {
        return byKind(kind).stream().filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    private static JsonNode deployment(String role) {
        return named("Deployment", "chorale-" + role);
    }

    private static JsonNode container(JsonNode workload) {
        JsonNode containers = workload.path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size(), "one container per worker pod");
        return containers.get(0);
    }

    private static int namedPort(JsonNode container, String name) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port named " + name);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }

    private static boolean tolerates(JsonNode pod, String key) {
        for (JsonNode t : pod.path("tolerations")) {
            if (t.path("key").asText().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** A label selector (matchLabels and matchExpressions with In / NotIn / Exists) applied to labels. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        var it = selector.path("matchLabels").fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String value = labels.path(expr.path("key").asText()).asText(null);
            List<String> values = Manifests.texts(expr.path("values"));
            boolean ok = switch (expr.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("operator " + expr.path("operator"));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
