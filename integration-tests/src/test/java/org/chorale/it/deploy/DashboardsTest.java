package org.chorale.it.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chorale.it.prometheus.DashboardQueries;
import org.chorale.it.prometheus.DashboardQueries.DashboardQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The Grafana dashboards: templated on a Prometheus data source, every panel queries something, every variable
 * they use exists, and every metric they name is one docs/metrics.md promises.
 */
class DashboardsTest {
    private static final List<String> NAMES = List.of("training", "generation", "ingest", "fleet");
    private static final Map<String, JsonNode> DASHBOARDS = new LinkedHashMap<>();
    private static final List<DashboardQuery> QUERIES = DashboardQueries.load(RepoLayout.dashboards());
    private static final MetricsContract CONTRACT = MetricsContract.load(RepoLayout.metricsContract());
    /** Series Prometheus makes itself for every target. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{([A-Za-z_]\\w*)(?::[^}]*)?}|\\$([A-Za-z_]\\w*)|\\[\\[([A-Za-z_]\\w*)]]");
    private static final String DATASOURCE_UID = "${datasource}";

    static {
        for (String name : NAMES) {
            DASHBOARDS.put(name, Manifests.json(RepoLayout.dashboards().resolve(name + ".json")));
        }
    }

    @Test
    void theFourDashboardsAreGrafana10Or11DashboardsWithTheirOwnUid() {
        Set<String> uids = new HashSet<>();
        DASHBOARDS.forEach((name, d) -> {
            int schema = d.path("schemaVersion").asInt();
            assertTrue(schema >= 36 && schema <= 41, name + " schemaVersion " + schema);
            assertTrue(uids.add(d.path("uid").asText()), name + " uid reused");
            assertEquals("chorale-" + name, d.path("uid").asText());
            assertTrue(Manifests.texts(d.path("tags")).contains("chorale"), name);
            assertFalse(d.path("title").asText().isBlank(), name);
        });
        assertEquals(new TreeSet<>(NAMES), new TreeSet<>(
                Manifests.filesUnder(RepoLayout.dashboards(), ".json").stream()
                        .map(p -> p.getFileName().toString().replace(".json", "")).toList()));
    }

    @Test
    void everyPanelUsesTheDatasourceVariable() {
        DASHBOARDS.forEach((name, d) -> {
            JsonNode ds = variable(d, "datasource");
            assertEquals("datasource", ds.path("type").asText(), name);
            assertEquals("prometheus", ds.path("query").asText(), name);
            for (JsonNode panel : queryPanels(d)) {
                String where = name + " / " + panel.path("title").asText();
                assertEquals(DATASOURCE_UID, panel.path("datasource").path("uid").asText(), where);
                for (JsonNode t : panel.path("targets")) {
                    assertEquals(DATASOURCE_UID, t.path("datasource").path("uid").asText(DATASOURCE_UID), where);
                }
            }
        });
    }

    @Test
    void dashboardsAreTemplatedOnModelWorkerAndRole() {
        Map<String, List<String>> expected = Map.of(
                "training", List.of("datasource", "model", "worker"),
                "generation", List.of("datasource", "model", "worker"),
                "ingest", List.of("datasource", "worker"),
                "fleet", List.of("datasource", "role", "worker"));
        DASHBOARDS.forEach((name, d) -> {
            assertEquals(expected.get(name), variableNames(d), name);
            for (JsonNode v : d.path("templating").path("list")) {
                if (!"query".equals(v.path("type").asText())) {
                    continue;
                }
                String where = name + " $" + v.path("name").asText();
                assertEquals(DATASOURCE_UID, v.path("datasource").path("uid").asText(), where);
                assertTrue(queryText(v).startsWith("label_values("), where + ": " + queryText(v));
                if (v.path("includeAll").asBoolean()) {
                    // "All" must become a regex matching everything, not a list of the values seen at load time
                    assertEquals(".*", v.path("allValue").asText(), where);
                }
            }
        });
    }

    @Test
    void everyPanelHasAQuery() {
        DASHBOARDS.forEach((name, d) -> assertAll(queryPanels(d).stream().map(p -> (Executable) () -> {
            List<String> exprs = new ArrayList<>();
            p.path("targets").forEach(t -> exprs.add(t.path("expr").asText("")));
            assertFalse(exprs.isEmpty() || exprs.stream().anyMatch(String::isBlank),
                    name + " / " + p.path("title").asText() + " has a panel without a query");
        })));
    }

    @Test
    void everyVariableUsedIsDefinedAndEveryVariableDefinedIsUsed() {
        DASHBOARDS.forEach((name, d) -> {
            Set<String> defined = new TreeSet<>(variableNames(d));
            Set<String> usedInQueries = new TreeSet<>();
            for (String text : templatedTexts(d)) {
                for (String v : variablesIn(text)) {
                    assertTrue(defined.contains(v) || v.startsWith("__"), name + ": $" + v + " undefined in " + text);
                    usedInQueries.add(v);
                }
                DashboardQueries.resolve(text); // throws on an unknown $__ built-in
            }
            Set<String> unused = new TreeSet<>(defined);
            unused.remove("datasource");
            unused.removeAll(usedInQueries);
            assertTrue(unused.isEmpty(), name + ": variables no query uses: " + unused);
        });
    }

    @Test
    void multiValueVariablesAreOnlyUsedInRegexMatchers() {
        Pattern matcher = Pattern.compile("(=~|!~|!=|=)\\s*\"[^\"]*\\$\\{?(\\w+)");
        for (DashboardQuery q : QUERIES) {
            Matcher m = matcher.matcher(q.rawExpr());
            while (m.find()) {
                assertTrue(m.group(1).equals("=~") || m.group(1).equals("!~"),
                        q + ": $" + m.group(2) + " may hold several values, use =~");
            }
        }
    }

    @Test
    void everyMetricIsInTheContract() {
        assertTrue(QUERIES.size() > 40, "expected every panel's queries, got " + QUERIES.size());
        assertAll(QUERIES.stream().map(q -> (Executable) () -> {
            Set<String> names = PromQl.metricNames(q.expr());
            assertFalse(names.isEmpty(), q + " selects no metric");
            for (String n : names) {
                assertTrue(CONTRACT.allows(n) || PROMETHEUS_SERIES.contains(n), q + ": " + n + " is not in docs/metrics.md");
            }
        }));
    }

    @Test
    void eachDashboardShowsWhatItIsFor() {
        Map<String, Set<String>> required = Map.of(
                "training", Set.of("chorale_training_epoch_cost", "chorale_training_valid_nll_per_step",
                        "chorale_training_valid_frame_accuracy", "chorale_training_baseline_nll_per_step",
                        "chorale_training_timesteps_per_second", "chorale_training_epoch_seconds_sum",
                        "chorale_training_gradient_norm", "chorale_training_epoch", "chorale_training_checkpoint_version",
                        "chorale_training_sample_stat", "chorale_training_epochs_total"),
                "generation", Set.of("chorale_generation_latency_seconds_bucket", "chorale_generation_requests_total",
                        "chorale_generation_timesteps_total", "chorale_generation_models_loaded",
                        "chorale_generation_model_version"),
                "ingest", Set.of("chorale_ingest_files_total", "chorale_ingest_rejections_total",
                        "chorale_ingest_bytes_total", "chorale_ingest_parse_seconds_sum"),
                "fleet", Set.of("kafka_consumer_fetch_manager_records_lag", "up", "chorale_worker_info",
                        "jvm_memory_used_bytes", "chorale_nd4j_offheap_bytes", "chorale_nd4j_offheap_max_bytes",
                        "chorale_transactions_total", "chorale_deadletters_total"));
        required.forEach((name, metrics) -> {
            Set<String> used = new TreeSet<>();
            QUERIES.stream().filter(q -> q.dashboard().equals(name)).forEach(q -> used.addAll(PromQl.metricNames(q.expr())));
            Set<String> missing = new TreeSet<>(metrics);
            missing.removeAll(used);
            assertTrue(missing.isEmpty(), name + " does not show " + missing);
        });
        for (String q : List.of("0.50", "0.95", "0.99")) {
            assertTrue(QUERIES.stream().anyMatch(x -> x.dashboard().equals("generation")
                    && x.expr().startsWith("histogram_quantile(" + q + ", sum by (le) (rate(chorale_generation_latency_seconds_bucket")),
                    "generation latency quantile " + q);
        }
    }

    @Test
    void kafkaTopicMetricsKeepOnlyTheRealTopicNames() {
        // Kafka 4.x clients report a dotted topic twice: as named and with '_' for '.'; summing both doubles lag
        for (DashboardQuery q : QUERIES) {
            if (q.expr().contains("kafka_consumer_fetch_manager_records_")) {
                assertTrue(Pattern.compile("topic=~?\"[^\"]*\\[\\.]").matcher(q.rawExpr()).find(),
                        q + ": select topics by a literal '.', e.g. topic=~\"chorale[.].+\"");
            }
        }
    }

    @Test
    void panelsFitTheGridWithoutOverlapping() {
        DASHBOARDS.forEach((name, d) -> {
            Set<Integer> ids = new HashSet<>();
            List<JsonNode> top = new ArrayList<>();
            d.path("panels").forEach(top::add);
            for (JsonNode p : allPanels(d)) {
                assertTrue(ids.add(p.path("id").asInt()), name + ": panel id " + p.path("id") + " reused");
                JsonNode g = p.path("gridPos");
                int x = g.path("x").asInt(), w = g.path("w").asInt(), h = g.path("h").asInt();
                assertTrue(w > 0 && h > 0 && x >= 0 && x + w <= 24, name + " / " + p.path("title") + " " + g);
            }
            assertNoOverlap(name, top);
            for (JsonNode row : top) {
                if (row.path("collapsed").asBoolean()) {
                    List<JsonNode> nested = new ArrayList<>();
                    row.path("panels").forEach(nested::add);
                    assertNoOverlap(name + " / " + row.path("title").asText(), nested);
                    int rowY = row.path("gridPos").path("y").asInt();
                    nested.forEach(p -> assertTrue(p.path("gridPos").path("y").asInt() > rowY, name + ": nested above row"));
                }
            }
        });
    }

    private static void assertNoOverlap(String where, List<JsonNode> panels) {
        for (int i = 0; i < panels.size(); i++) {
            for (int j = i + 1; j < panels.size(); j++) {
                JsonNode a = panels.get(i).path("gridPos"), b = panels.get(j).path("gridPos");
                boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
                assertFalse(overlap, where + ": " + panels.get(i).path("title") + " overlaps " + panels.get(j).path("title"));
            }
        }
    }

    /** Every panel, nested ones (collapsed rows) included. */
    private static List<JsonNode> allPanels(JsonNode d) {
        List<JsonNode> out = new ArrayList<>();
        collect(d.path("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, List<JsonNode> out) {
        for (JsonNode p : panels) {
            out.add(p);
            collect(p.path("panels"), out);
        }
    }

    private static List<JsonNode> queryPanels(JsonNode d) {
        return allPanels(d).stream().filter(p -> !"row".equals(p.path("type").asText())).toList();
    }

    private static List<String> variableNames(JsonNode d) {
        List<String> names = new ArrayList<>();
        d.path("templating").path("list").forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    private static JsonNode variable(JsonNode d, String name) {
        for (JsonNode v : d.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no $" + name);
    }

    private static String queryText(JsonNode variable) {
        JsonNode q = variable.path("query");
        return q.isObject() ? q.path("query").asText() : q.asText();
    }

    /** Texts Grafana interpolates: queries, legends, titles, variable queries, annotation queries. */
    private static List<String> templatedTexts(JsonNode d) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : allPanels(d)) {
            out.add(p.path("title").asText());
            for (JsonNode t : p.path("targets")) {
                out.add(t.path("expr").asText());
                out.add(t.path("legendFormat").asText());
            }
        }
        d.path("templating").path("list").forEach(v -> {
            if ("query".equals(v.path("type").asText())) {
                out.add(queryText(v));
            }
        });
        d.path("annotations").path("list").forEach(a -> out.add(a.path("expr").asText()));
        return out;
    }

    private static List<String> variablesIn(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return names;
    }
}
