package org.chorale.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grafana in the compose stack finds Prometheus and loads dashboards/*.json. */
class GrafanaProvisioningTest {
    private static final Path PROVISIONING = RepoLayout.deploy().resolve("grafana/provisioning");
    private static final ComposeModel COMPOSE = ComposeModel.load(RepoLayout.deploy().resolve("docker-compose.yml"));

    @Test
    void datasourceIsTheComposePrometheus() {
        JsonNode sources = Manifests.yaml(PROVISIONING.resolve("datasources/prometheus.yml")).path("datasources");
        assertEquals(1, sources.size());
        JsonNode ds = sources.get(0);
        assertEquals("prometheus", ds.path("type").asText());
        URI url = URI.create(ds.path("url").asText());
        assertTrue(COMPOSE.serviceNames().contains(url.getHost()), "no compose service " + url.getHost());
        String prometheusPort = Manifests.texts(COMPOSE.service(url.getHost()).path("ports")).get(0).split(":")[1];
        assertEquals(prometheusPort, String.valueOf(url.getPort()));
        assertTrue(ds.path("isDefault").asBoolean(), "the dashboards' $datasource variable starts on the default");
    }

    @Test
    void dashboardProviderReadsTheFolderComposeMountsDashboardsInto() {
        JsonNode provider = Manifests.yaml(PROVISIONING.resolve("dashboards/chorale.yml")).path("providers").get(0);
        assertEquals("file", provider.path("type").asText());
        String path = provider.path("options").path("path").asText();
        List<String> volumes = Manifests.texts(COMPOSE.service("grafana").path("volumes"));
        String mount = volumes.stream().filter(v -> v.split(":")[1].equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + path + ": " + volumes));
        assertEquals(RepoLayout.dashboards(), RepoLayout.deploy().resolve(mount.split(":")[0]).normalize());
        assertTrue(volumes.contains("./grafana/provisioning:/etc/grafana/provisioning:ro"), volumes.toString());
    }
}
