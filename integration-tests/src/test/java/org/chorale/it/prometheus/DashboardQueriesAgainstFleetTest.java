package org.chorale.it.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.chorale.cli.Chorale;
import org.chorale.it.deploy.CodeFacts;
import org.chorale.it.deploy.MetricsContract;
import org.chorale.it.deploy.RepoLayout;
import org.chorale.it.prometheus.DashboardQueries.DashboardQuery;
import org.chorale.it.prometheus.DashboardQueries.Substitution;
import org.chorale.it.prometheus.DashboardQueries.Variable;
import org.chorale.music.DemoCorpus;
import org.chorale.music.NamedMidi;
import org.chorale.runtime.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards' proof on the real product. {@code chorale demo --keep-running} brings up an embedded broker and
 * the three workers, ingests the bundled pieces, trains and composes, and stays up; real Prometheus scrapes the
 * {@code /metrics} URLs the demo printed, every second. While it watches, the CLI drives the fleet as a user
 * would — publishes pieces and a file that is no MIDI, trains a second tiny model for {@value #EPOCHS} epochs,
 * composes with it and with a model that does not exist — and a client replays a delivered epoch request and
 * sends one that is no event at all. Then every PromQL expression of dashboards/*.json, each variable set to the
 * values Prometheus lists for it, must show data over the run's time range, as Grafana would query it.
 */
class DashboardQueriesAgainstFleetTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(1);
    /** The model this test trains while Prometheus watches (the demo trained {@link DemoFleet#MODEL} before). */
    private static final String MODEL = "fleet-test";
    /** Three epochs: the epoch counter and the checkpoint version must change between two scrapes. */
    private static final int EPOCHS = 3;
    private static final String UNKNOWN_MODEL = "no-such-model";
    private static final Pattern SERIES_NAME = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    private static DemoFleet demo;
    private static PrometheusServer prometheus;
    private static Instant start;
    private static Instant end;

    @BeforeAll
    static void runTheFleetWhilePrometheusWatches() throws Exception {
        PrometheusServer.assumeInstalled();
        demo = DemoFleet.start(dir.resolve("demo-out"), 2, Duration.ofMinutes(3));
        prometheus = PrometheusServer.start(demo.targets());
        prometheus.waitForTargetsUp(WAIT);
        start = Instant.now();

        publishTwoPiecesAndOneFileThatIsNoMidi();
        trainAModel();
        replayTheDemosFirstEpochRequestAndSendOneThatIsNoEvent();
        composeWithTheModelAndWithOneThatDoesNotExist();

        // everything above has been scraped
        awaitAtLeast("max(chorale_training_epoch{model=\"" + MODEL + "\"})", EPOCHS);
        awaitAtLeast("sum(chorale_generation_requests_total{outcome=\"completed\"})", 2);
        // The demo composed before Prometheus started, so the totals above may hold before this test's own
        // compositions are scraped; the latency and throughput panels (rates) need a scrape that saw them.
        awaitPositive("sum(rate(chorale_generation_latency_seconds_count[1m]))");
        awaitPositive("sum(rate(chorale_generation_requests_total{outcome=\"completed\"}[1m]))");
        awaitPositive("sum(rate(chorale_generation_timesteps_total[1m]))");
        awaitAtLeast("sum(chorale_generation_requests_total{outcome=\"failed\", reason=\"UNKNOWN_MODEL\"})", 1);
        awaitAtLeast("sum(chorale_ingest_rejections_total{reason=\"NOT_MIDI\"})", 1);
        awaitAtLeast("sum(chorale_deadletters_total{role=\"trainer\", reason=\"UNDECODABLE\"})", 1);
        awaitAtLeast("sum(chorale_training_requests_skipped_total{model=\"" + DemoFleet.MODEL + "\"})", 1);
        awaitAtLeast("count(count by (role) (kafka_consumer_fetch_manager_records_lag{topic=~\"chorale[.].+\"}))",
                CodeFacts.ROLES.size());
        awaitAtLeast("count(count by (role) (jvm_gc_pause_seconds_count))", 1);
        // A range query evaluates at start + k * step <= end, so its last point can lie up to one step before end.
        // A rate that an await above saw turn positive at the latest scrape must be inside the range (CI once
        // found the generation rates all NaN: the composition's scrape had landed after the range's last point).
        Thread.sleep(2 * STEP.toMillis());
        end = Instant.now();
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (demo != null) {
            int exit = demo.stop(Duration.ofSeconds(90));
            assertEquals(0, exit, "Ctrl-C ends the demo cleanly" + demo.output());
        }
    }

    @Test
    void theDemoKeepsTheFleetUpAndPrintsTheBrokerAndEveryWorkersMetricsUrl() throws Exception {
        assertTrue(demo.isRunning());
        Map<String, URI> urls = demo.metricsUrls();
        assertEquals(Set.copyOf(CodeFacts.ROLES), urls.keySet(), demo.output());
        for (Map.Entry<String, URI> e : urls.entrySet()) {
            assertEquals(CodeFacts.METRICS_PATH, e.getValue().getPath());
            HttpResponse<String> metrics = get(e.getValue());
            assertEquals(200, metrics.statusCode(), e.toString());
            assertTrue(metrics.body().contains("role=\"" + e.getKey() + "\""), e.getKey() + ": " + metrics.body());
            assertEquals(200, get(e.getValue().resolve(CodeFacts.HEALTH_PATH)).statusCode(), e + " healthz");
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Set<String> chorale = Topics.standard().specs().stream().map(Topics.Spec::name).collect(Collectors.toSet());
            assertTrue(topics.containsAll(chorale), "broker " + demo.bootstrapServers() + " has " + topics);
        }
    }

    @Test
    void everyDashboardQueryShowsDataOverTheRun() {
        long seconds = Math.max(1, Duration.between(start, end).toSeconds() + 1);
        Substitution range = Substitution.DEFAULTS.withBuiltins(Map.of(
                "__range", seconds + "s", "__range_s", String.valueOf(seconds),
                "__interval", STEP.toSeconds() + "s", "__interval_ms", String.valueOf(STEP.toMillis())));
        List<String> failures = new ArrayList<>();
        Map<String, Map<String, String>> valuesSeen = new TreeMap<>();
        int checked = 0;
        for (Map.Entry<String, JsonNode> dashboard : DashboardQueries.dashboards(RepoLayout.dashboards()).entrySet()) {
            Substitution substitution = range;
            for (Variable variable : DashboardQueries.variables(dashboard.getValue())) {
                String promql = variable.promql(substitution);
                if (promql == null || variable.label() == null) {
                    continue; // not label_values: stays "All" (.*)
                }
                Set<String> values = prometheus.query(promql, end).series().stream()
                        .map(s -> s.labels().get(variable.label())).filter(v -> v != null)
                        .collect(Collectors.toCollection(TreeSet::new));
                if (!values.isEmpty()) { // an empty variable is reported with the other queries below
                    substitution = substitution.withVariable(variable.name(), DashboardQueries.multiValue(values));
                    valuesSeen.computeIfAbsent(dashboard.getKey(), d -> new TreeMap<>())
                            .put(variable.name(), String.join(",", values));
                }
            }
            for (DashboardQuery q : DashboardQueries.extract(dashboard.getKey(), dashboard.getValue(), substitution)) {
                checked++;
                QueryResult r = q.instant() ? prometheus.query(q.expr(), end)
                        : prometheus.queryRange(q.expr(), start, end, STEP);
                if (r.isEmpty()) {
                    failures.add(q.dashboard() + " / " + q.panel() + ": no data from " + q.expr());
                } else if (r.series().stream().flatMap(s -> s.values().stream()).allMatch(v -> v.isNaN())) {
                    failures.add(q.dashboard() + " / " + q.panel() + ": only NaN from " + q.expr());
                }
            }
        }
        assertTrue(checked > 40, "queries checked: " + checked);
        assertTrue(failures.isEmpty(), failures.size() + " of " + checked + " dashboard queries show nothing for a run"
                + " that ingested, trained and composed (variables: " + valuesSeen + "):\n" + String.join("\n", failures));
        // the variables took the run's real values, not "All"
        assertTrue(valuesSeen.get("training").get("model").contains(MODEL), valuesSeen.toString());
        assertTrue(valuesSeen.get("fleet").get("role").split(",").length == CodeFacts.ROLES.size(), valuesSeen.toString());
    }

    @Test
    void everyWorkerServesTheMetricsTheContractNamesAndNoUndocumentedOnes() throws Exception {
        Set<String> served = new TreeSet<>();
        for (URI url : demo.metricsUrls().values()) {
            Matcher m = SERIES_NAME.matcher(get(url).body());
            while (m.find()) {
                served.add(m.group(1));
            }
        }
        MetricsContract contract = MetricsContract.load(RepoLayout.metricsContract());
        Set<String> missing = new TreeSet<>(contract.names());
        missing.removeAll(served);
        assertTrue(missing.isEmpty(), "docs/metrics.md promises what no worker serves: " + missing);
        Set<String> undocumented = served.stream().filter(n -> n.startsWith("chorale_") && !contract.allows(n))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(undocumented.isEmpty(), "served but not in docs/metrics.md: " + undocumented);
    }

    @Test
    void theNd4jWorkersReportOffHeapMemoryWithTheirBackendAndDevice() {
        QueryResult used = prometheus.query("chorale_nd4j_offheap_bytes");
        QueryResult max = prometheus.query("chorale_nd4j_offheap_max_bytes");
        assertEquals(Set.copyOf(CodeFacts.GPU_ROLES),
                used.series().stream().map(s -> s.labels().get("role")).collect(Collectors.toSet()), used.toString());
        for (QueryResult.Series s : used.series()) {
            assertTrue(Set.of("cpu", "cuda").contains(s.labels().get("backend")), s.toString());
            assertFalse(s.labels().getOrDefault("device", "").isBlank(), s.toString());
            assertTrue(s.lastValue() > 0, "ND4J holds off-heap memory after training and composing: " + s);
        }
        double limit = max.series().stream().mapToDouble(QueryResult.Series::lastValue).min().orElseThrow();
        assertTrue(used.series().stream().allMatch(s -> s.lastValue() <= limit), used + " vs " + max);
    }

    /** At least once: a batch redone after an aborted transaction counts again (meters are not transactional). */
    @Test
    void failuresAreCountedByReason() {
        for (String counter : List.of(
                "chorale_generation_requests_total{outcome=\"failed\", reason=\"UNKNOWN_MODEL\"}",
                "chorale_ingest_rejections_total{reason=\"NOT_MIDI\"}",
                "chorale_deadletters_total{role=\"trainer\", reason=\"UNDECODABLE\"}",
                "chorale_training_requests_skipped_total{model=\"" + DemoFleet.MODEL + "\", reason=\"stale\"}")) {
            double value = prometheus.query("sum(" + counter + ")").singleValue();
            assertTrue(value >= 1 && value <= 2, counter + " = " + value);
        }
        assertEquals(0.0, prometheus.query("sum(chorale_deadletters_total{reason=\"INTERNAL\"})").singleValue(),
                "every reason is there from the start, at zero");
    }

    // --- the traffic ---

    private static void publishTwoPiecesAndOneFileThatIsNoMidi() throws IOException {
        Path pieces = Files.createDirectories(dir.resolve("publish"));
        for (NamedMidi piece : DemoCorpus.pieces().subList(0, 2)) {
            Files.write(pieces.resolve("again-" + piece.name() + ".mid"), piece.bytes());
        }
        Files.writeString(pieces.resolve("shopping-list.mid"), "eggs, flour, sugar\n");
        Cli run = Cli.run("publish", pieces.toString(), "--dataset", "more", "--wait", "--timeout", "60s",
                "--bootstrap-servers", demo.bootstrapServers());
        assertEquals(1, run.exitCode(), "one file is rejected: " + run);
        assertTrue(run.out().contains("2 roll(s), 1 rejected, 0 unanswered"), run.toString());
    }

    /**
     * The demo's quick model: with 32 hidden units validation estimates log Z by AIS in a second; a smaller RBM
     * (16 hidden) gets its log Z enumerated exactly, which took two minutes per epoch on a loaded machine.
     */
    private static void trainAModel() {
        Cli run = Cli.run("train", "--model", MODEL, "--dataset", DemoFleet.DATASET, "--epochs", String.valueOf(EPOCHS),
                "--lowest-pitch", "36", "--pitch-count", "61", "--steps-per-quarter", "4", "--hidden", "32",
                "--recurrent", "32", "--cd-k", "3", "--optimizer", "sgd", "--learning-rate", "0.1", "--momentum", "0.9",
                "--batch-size", "4", "--chunk-length", "32",
                "--pretrain-epochs", "0", "--validation-samples", "0", "--follow", "--timeout", "2m",
                "--bootstrap-servers", demo.bootstrapServers());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("job done: model " + MODEL + " version " + EPOCHS), run.toString());
    }

    /**
     * A client that retries delivers the demo's first epoch request again (the trainer skips it: the model is past
     * it), and a client that is no Chorale client writes bytes that are no event (the trainer dead-letters them).
     */
    private static void replayTheDemosFirstEpochRequestAndSendOneThatIsNoEvent() throws Exception {
        String topic = Topics.standard().trainingEpochs();
        ConsumerRecord<byte[], byte[]> first = firstRecordWithKey(topic, DemoFleet.MODEL);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, first.key(), first.value())).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, "poison".getBytes(StandardCharsets.UTF_8),
                    "no event at all".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
    }

    private static void composeWithTheModelAndWithOneThatDoesNotExist() {
        Cli composed = Cli.run("compose", "--model", MODEL, "--steps", "32", "--count", "2",
                "--out", dir.resolve("fleet-test.mid").toString(), "--timeout", "60s",
                "--bootstrap-servers", demo.bootstrapServers());
        assertEquals(0, composed.exitCode(), composed.toString());
        Cli refused = Cli.run("compose", "--model", UNKNOWN_MODEL, "--steps", "16",
                "--out", dir.resolve("none.mid").toString(), "--timeout", "60s",
                "--bootstrap-servers", demo.bootstrapServers());
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.toString().contains("UNKNOWN_MODEL"), refused.toString());
    }

    private static ConsumerRecord<byte[], byte[]> firstRecordWithKey(String topic, String key) {
        try (KafkaConsumer<byte[], byte[]> consumer = org.chorale.runtime.testing.Records.fromBeginning(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), topic)) {
            Instant deadline = Instant.now().plus(WAIT);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        return r; // a key lives in one partition, in order: this is its first record
                    }
                }
            }
            throw new IllegalStateException("no record with key " + key + " on " + topic + " within " + WAIT);
        }
    }

    private static void awaitPositive(String promql) {
        prometheus.awaitQuery(promql, r -> !r.isEmpty() && r.singleValue() > 0, WAIT);
    }

    private static void awaitAtLeast(String promql, double least) {
        prometheus.awaitQuery(promql, r -> !r.isEmpty() && r.singleValue() >= least, WAIT);
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One {@code chorale} command line run in this JVM, as a user types it. */
    private record Cli(int exitCode, String out, String err) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Chorale.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
            return new Cli(code, out.toString(), err.toString());
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
