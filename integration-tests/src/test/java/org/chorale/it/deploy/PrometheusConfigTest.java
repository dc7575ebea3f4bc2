package org.chorale.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The Prometheus configs scrape exactly the workers the compose file and `chorale standalone` run. */
class PrometheusConfigTest {
    private static final ComposeModel COMPOSE = ComposeModel.load(RepoLayout.deploy().resolve("docker-compose.yml"));

    @Test
    void composeConfigScrapesEachWorkerServiceOnItsMetricsPortWithItsRole() {
        Map<String, String> expected = new TreeMap<>();
        for (String role : CodeFacts.ROLES) {
            // the target host is the compose service that runs `worker <role>`
            String service = serviceRunning(role);
            expected.put(service + ":" + CodeFacts.DEFAULT_METRICS_PORT, role);
        }
        assertEquals(expected, targetsByRole("prometheus.yml"));
    }

    @Test
    void localConfigScrapesStandaloneOnItsFixedPorts() {
        Map<String, String> expected = new TreeMap<>();
        CodeFacts.STANDALONE_METRICS_PORTS.forEach((role, port) -> expected.put("127.0.0.1:" + port, role));
        assertEquals(expected, targetsByRole("prometheus-local.yml"));
    }

    @Test
    void workersOwnLabelsWinAndMetricsPathIsTheWorkers() {
        for (String file : List.of("prometheus.yml", "prometheus-local.yml")) {
            for (JsonNode job : config(file).path("scrape_configs")) {
                // without honor_labels the workers' role label would be renamed exported_role
                assertTrue(job.path("honor_labels").asBoolean(), file + ": honor_labels");
                assertEquals(CodeFacts.METRICS_PATH, job.path("metrics_path").asText(CodeFacts.METRICS_PATH), file);
            }
        }
    }

    private static String serviceRunning(String role) {
        return COMPOSE.serviceNames().stream()
                .filter(s -> Manifests.texts(COMPOSE.service(s).path("command"))
                        .equals(List.of(CodeFacts.WORKER_COMMAND, role)))
                .findFirst().orElseThrow(() -> new AssertionError("no compose service runs worker " + role));
    }

    private static Map<String, String> targetsByRole(String file) {
        Map<String, String> targets = new TreeMap<>();
        for (JsonNode job : config(file).path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                for (String target : Manifests.texts(sc.path("targets"))) {
                    targets.put(target, sc.path("labels").path("role").asText("(no role label)"));
                }
            }
        }
        return targets;
    }

    private static JsonNode config(String file) {
        return Manifests.yaml(RepoLayout.deploy().resolve("prometheus").resolve(file));
    }
}
