package org.chorale.it.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every deployment file is well-formed, and the linters that exist for them agree. */
class DeployFilesParseTest {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final String INSTALL_HINT = " not installed: deploy/scripts/ensure-tools.sh installs it";

    @Test
    void everyYamlFileParsesIncludingMultiDocumentOnes() {
        List<Path> files = Stream.concat(Manifests.filesUnder(RepoLayout.deploy(), ".yml", ".yaml").stream(),
                Manifests.filesUnder(RepoLayout.dashboards(), ".yml", ".yaml").stream()).toList();
        assertTrue(files.size() >= 15, "expected the compose, Prometheus, Grafana and k8s YAML files, found " + files);
        assertAll(files.stream().map(f -> (Executable) () ->
                assertFalse(Manifests.yamlDocuments(f).isEmpty(), f + " holds no document")));
    }

    @Test
    void everyJsonFileParses() {
        List<Path> files = Stream.concat(Manifests.filesUnder(RepoLayout.deploy(), ".json").stream(),
                Manifests.filesUnder(RepoLayout.dashboards(), ".json").stream()).toList();
        assertTrue(files.size() >= 4, "expected the four dashboards, found " + files);
        assertAll(files.stream().map(f -> (Executable) () -> {
            JsonNode doc = Manifests.json(f);
            assertTrue(doc.isObject(), f + " is not a JSON object");
        }));
    }

    @Test
    void duplicateYamlKeysAreCaught(@TempDir Path dir) throws Exception {
        // the parser above must not silently keep the last of two equal keys
        Path f = dir.resolve("dup.yml");
        Files.writeString(f, "a: 1\na: 2\n");
        assertThrows(IllegalArgumentException.class, () -> Manifests.yamlDocuments(f));
    }

    @Test
    void yamllintRelaxedPasses() {
        var yamllint = ExternalTool.find("yamllint");
        assumeTrue(yamllint.isPresent(), "yamllint" + INSTALL_HINT);
        var result = ExternalTool.run(RepoLayout.root(), TOOL_TIMEOUT,
                List.of(yamllint.get().toString(), "-d", "relaxed", "-f", "parsable", "deploy"));
        assertEquals(0, result.exitCode(), "yamllint -d relaxed deploy:\n" + result.output());
    }

    @Test
    void promtoolAcceptsBothPrometheusConfigs() {
        var promtool = ExternalTool.find("promtool");
        assumeTrue(promtool.isPresent(), "promtool (Debian package prometheus)" + INSTALL_HINT);
        for (String config : List.of("deploy/prometheus/prometheus.yml", "deploy/prometheus/prometheus-local.yml")) {
            var result = ExternalTool.run(RepoLayout.root(), TOOL_TIMEOUT,
                    List.of(promtool.get().toString(), "check", "config", config));
            assertEquals(0, result.exitCode(), "promtool check config " + config + ":\n" + result.output());
        }
    }

    @Test
    void shellScriptsAreExecutableAndParse() {
        List<Path> scripts = Manifests.filesUnder(RepoLayout.deploy(), ".sh");
        assertTrue(scripts.size() >= 2, "expected ensure-tools.sh and the image entrypoint, found " + scripts);
        Path bash = ExternalTool.find("bash").orElseThrow();
        assertAll(scripts.stream().map(s -> (Executable) () -> {
            assertTrue(Files.isExecutable(s), s + " is not executable");
            var result = ExternalTool.run(RepoLayout.root(), TOOL_TIMEOUT, List.of(bash.toString(), "-n", s.toString()));
            assertEquals(0, result.exitCode(), "bash -n " + s + ":\n" + result.output());
        }));
    }

    @Test
    void ensureToolsInstallsNothingWhenToldNotTo() {
        // an empty PATH: every tool is missing, and the script must neither install nor fail
        var result = runEnsureTools(Map.of("PATH", "/nonexistent", "CHORALE_INSTALL_TOOLS", "false"));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("missing: prometheus yamllint kafkacat"), result.output());
        assertTrue(result.output().contains("installing nothing"), result.output());
    }

    @Test
    void ensureToolsIsANoOpWhenEverythingIsThere(@TempDir Path bin) throws Exception {
        for (String tool : List.of("prometheus", "yamllint", "kcat")) {
            Path fake = bin.resolve(tool);
            Files.writeString(fake, "#!/bin/sh\nexit 0\n");
            assertTrue(fake.toFile().setExecutable(true));
        }
        var result = runEnsureTools(Map.of("PATH", bin.toString()));
        assertEquals(0, result.exitCode(), result.output());
        assertEquals("ensure-tools: present: prometheus yamllint kafkacat", result.output().strip());
    }

    private static ExternalTool.Result runEnsureTools(Map<String, String> env) {
        Path bash = ExternalTool.find("bash").orElseThrow();
        Path script = RepoLayout.deploy().resolve("scripts/ensure-tools.sh");
        return ExternalTool.run(RepoLayout.root(), TOOL_TIMEOUT, env, true, List.of(bash.toString(), script.toString()));
    }
}
