package org.chorale.it.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.chorale.it.deploy.ExternalTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code prometheus} process for tests: loopback only, a generated config scraping the given targets every
 * second, storage in a temporary folder that is deleted on {@link #close()}.
 *
 * <p>Every wait is a bounded poll that fails with what it last saw (and the server's log) when time runs out.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PrometheusServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Binary override for machines where prometheus is not on the PATH. */
    public static final String BINARY_ENV = "CHORALE_PROMETHEUS_BIN";

    private final Process process;
    private final Path workDir;
    private final URI base;
    private final int expectedTargets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, Path workDir, URI base, int expectedTargets) {
        this.process = process;
        this.workDir = workDir;
        this.base = base;
        this.expectedTargets = expectedTargets;
    }

    /** The prometheus binary: {@value #BINARY_ENV} if set, else {@code prometheus} on the PATH. */
    public static Optional<Path> binary() {
        String override = System.getenv(BINARY_ENV);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        return ExternalTool.find("prometheus");
    }

    public static boolean isInstalled() {
        return binary().isPresent();
    }

    /**
     * Skips the calling test where Prometheus is missing on a developer's machine, but fails it in CI
     * ({@code CI=true}): there the build installs it (ensure-tools.sh), and the dashboards' proof must not
     * quietly turn into a skip.
     */
    public static void assumeInstalled() {
        String why = "prometheus not installed (deploy/scripts/ensure-tools.sh, Debian package prometheus)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.assertTrue(isInstalled(), why);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(isInstalled(), why);
    }

    /** Starts Prometheus scraping {@code targets} and returns once it answers {@code /-/ready}. */
    public static PrometheusServer start(List<ScrapeTarget> targets) {
        Path bin = binary().orElseThrow(() -> new IllegalStateException(
                "prometheus is not installed (deploy/scripts/ensure-tools.sh installs it)"));
        // the free port may be taken between the probe and Prometheus' bind: try a few ports
        for (int attempt = 1; ; attempt++) {
            PrometheusServer server = launch(bin, targets);
            try {
                server.awaitReady();
                log.info("prometheus {} on {} scraping {}", bin, server.base, targets);
                return server;
            } catch (RuntimeException e) {
                boolean portTaken = server.logTail().contains("address already in use");
                server.close();
                if (!portTaken || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static PrometheusServer launch(Path bin, List<ScrapeTarget> targets) {
        try {
            Path dir = Files.createTempDirectory("chorale-prometheus");
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, config(targets));
            int port = freeLoopbackPort();
            Process p = new ProcessBuilder(bin.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--storage.tsdb.retention.time=1h",
                    "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            return new PrometheusServer(p, dir, URI.create("http://127.0.0.1:" + port), targets.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generated configuration: one job, scrape interval 1 s, the workers' own labels kept. */
    static String config(List<ScrapeTarget> targets) {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: chorale
                    honor_labels: true
                    metrics_path: /metrics
                    static_configs:
                """);
        for (ScrapeTarget t : targets) {
            yaml.append("      - targets: ['").append(t.hostPort()).append("']\n");
            if (!t.labels().isEmpty()) {
                yaml.append("        labels:\n");
                t.labels().forEach((k, v) -> yaml.append("          ").append(k).append(": '").append(v).append("'\n"));
            }
        }
        if (targets.isEmpty()) {
            yaml.append("      []\n");
        }
        return yaml.toString();
    }

    public URI baseUri() {
        return base;
    }

    /** Runs an instant query; a query Prometheus refuses raises {@link PrometheusQueryException}. */
    public QueryResult query(String promql) {
        return run("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8), promql);
    }

    /** Runs an instant query evaluated at {@code time}. */
    public QueryResult query(String promql, Instant time) {
        return run("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + seconds(time), promql);
    }

    /**
     * Runs a range query, as Grafana runs a time-series panel: the expression at every {@code step} from
     * {@code start} to {@code end}; the result is a matrix (a series with no sample in the range is left out).
     */
    public QueryResult queryRange(String promql, Instant start, Instant end, Duration step) {
        return run("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + seconds(start) + "&end=" + seconds(end)
                + "&step=" + step.toMillis() / 1000.0, promql);
    }

    private QueryResult run(String pathAndQuery, String promql) {
        JsonNode body = get(pathAndQuery);
        if (!"success".equals(body.path("status").asText())) {
            throw new PrometheusQueryException(promql, body.path("errorType").asText(), body.path("error").asText());
        }
        return parseResult(body.path("data"));
    }

    private static String seconds(Instant t) {
        return t.getEpochSecond() + "." + String.format("%03d", t.getNano() / 1_000_000);
    }

    /** Polls {@code promql} until {@code done} holds for its result; fails after {@code timeout}. */
    public QueryResult awaitQuery(String promql, Predicate<QueryResult> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        QueryResult last = null;
        while (Instant.now().isBefore(deadline)) {
            last = query(promql);
            if (done.test(last)) {
                return last;
            }
            pause();
        }
        throw new IllegalStateException("after " + timeout + " `" + promql + "` still gives " + last + logTail());
    }

    /** Waits until every configured target has been scraped successfully (health {@code up}). */
    public void waitForTargetsUp(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<String> notUp = List.of("no answer yet");
        while (Instant.now().isBefore(deadline)) {
            JsonNode active = get("/api/v1/targets?state=active").path("data").path("activeTargets");
            notUp = new ArrayList<>();
            for (JsonNode t : active) {
                if (!"up".equals(t.path("health").asText())) {
                    notUp.add(t.path("scrapeUrl").asText() + " " + t.path("health").asText() + " "
                            + t.path("lastError").asText());
                }
            }
            if (active.size() == expectedTargets && notUp.isEmpty()) {
                return;
            }
            if (active.size() != expectedTargets) {
                notUp.add(active.size() + " of " + expectedTargets + " targets discovered");
            }
            pause();
        }
        throw new IllegalStateException("targets not up after " + timeout + ": " + notUp + logTail());
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteRecursively(workDir);
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + logTail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause();
        }
        throw new IllegalStateException("prometheus not ready after " + START_TIMEOUT + logTail());
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            // errors (400 bad_data, 422 execution) come back as JSON too
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery + " failed" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static QueryResult parseResult(JsonNode data) {
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        List<QueryResult.Series> series = new ArrayList<>();
        switch (type) {
            case "vector", "matrix" -> {
                for (JsonNode s : result) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    s.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                    List<Double> values = new ArrayList<>();
                    if (type.equals("vector")) {
                        values.add(number(s.path("value").get(1).asText()));
                    } else {
                        s.path("values").forEach(v -> values.add(number(v.get(1).asText())));
                    }
                    series.add(new QueryResult.Series(labels, values));
                }
            }
            case "scalar" -> series.add(new QueryResult.Series(Map.of(), List.of(number(result.get(1).asText()))));
            case "string" -> series.add(new QueryResult.Series(Map.of("value", result.get(1).asText()), List.of()));
            default -> throw new IllegalArgumentException("unknown resultType " + type);
        }
        return new QueryResult(type, series);
    }

    /** Prometheus writes infinities as {@code +Inf} / {@code -Inf}. */
    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve("prometheus.log"));
            return "\nprometheus log (tail):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis()); // poll interval of a bounded wait, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}", dir, e);
        }
    }
}
