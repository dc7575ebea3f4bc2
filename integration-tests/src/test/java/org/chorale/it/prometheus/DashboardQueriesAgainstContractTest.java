package org.chorale.it.prometheus;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.chorale.it.deploy.CodeFacts;
import org.chorale.it.deploy.MetricsContract;
import org.chorale.it.deploy.RepoLayout;
import org.chorale.it.prometheus.DashboardQueries.DashboardQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every dashboard query, run by real Prometheus against meters that implement docs/metrics.md
 * ({@link ContractFleetSimulation}), is valid PromQL and returns data. The same queries against the real fleet:
 * {@link DashboardQueriesAgainstFleetTest}.
 */
class DashboardQueriesAgainstContractTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Pattern SERIES_NAME = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    private static ContractFleetSimulation fleet;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void start() {
        PrometheusServer.assumeInstalled();
        fleet = ContractFleetSimulation.start();
        awaitGcPauseMeter();
        prometheus = PrometheusServer.start(fleet.targets());
        prometheus.waitForTargetsUp(WAIT);
        // rate() and increase() need two samples per window; wait for a few scrapes of every target
        prometheus.awaitQuery("min(count_over_time(up[1m]))", r -> !r.isEmpty() && r.singleValue() >= 4, WAIT);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void theSimulationExposesEveryMetricTheContractNames() {
        Set<String> exposed = new TreeSet<>();
        for (String role : CodeFacts.ROLES) {
            Matcher m = SERIES_NAME.matcher(fleet.scrape(role));
            while (m.find()) {
                exposed.add(m.group(1));
            }
        }
        Set<String> missing = new TreeSet<>(MetricsContract.load(RepoLayout.metricsContract()).names());
        missing.removeAll(exposed);
        assertTrue(missing.isEmpty(), "the simulation lacks " + missing);
    }

    @Test
    void everyDashboardQueryReturnsData() {
        List<DashboardQuery> queries = DashboardQueries.load(RepoLayout.dashboards());
        assertTrue(queries.size() > 40, "queries: " + queries.size());
        assertAll(queries.stream().map(q -> (Executable) () -> {
            QueryResult r = prometheus.query(q.expr()); // a PromQL error throws here
            assertFalse(r.isEmpty(), q + " returned nothing");
            assertTrue(r.series().stream().allMatch(s -> s.values().stream().noneMatch(v -> v.isNaN())),
                    q + " returned NaN: " + r);
        }));
    }

    @Test
    void lagPanelShowsEachGroupTopicPartitionOnce() {
        QueryResult r = query("fleet", "Consumer lag by group / topic / partition");
        assertEquals(CodeFacts.ROLES.size() * ContractFleetSimulation.PARTITIONS, r.size(), r.toString());
        Set<String> groups = r.series().stream().map(s -> s.labels().get("group")).collect(Collectors.toSet());
        assertEquals(Set.copyOf(CodeFacts.CONSUMER_GROUPS.values()), groups);
        assertTrue(r.series().stream().allMatch(s -> s.labels().get("topic").startsWith(CodeFacts.TOPIC_PREFIX)));
    }

    @Test
    void latencyQuantilesComeFromTheHistogramBuckets() {
        // the simulation records 40..120 ms
        double p50 = query("generation", "Latency p50 / p95 / p99", 0).singleValue();
        double p99 = query("generation", "Latency p50 / p95 / p99", 2).singleValue();
        assertTrue(p50 > 0.03 && p50 < 0.15, "p50 " + p50);
        assertTrue(p99 >= p50 && p99 < 0.2, "p99 " + p99);
    }

    @Test
    void upIsLabelledWithTheRole() {
        QueryResult r = query("fleet", "Scrape targets up");
        assertEquals(Set.copyOf(CodeFacts.ROLES),
                r.series().stream().map(s -> s.labels().get("role")).collect(Collectors.toSet()));
        assertTrue(r.series().stream().allMatch(s -> s.lastValue() == 1.0));
    }

    private static QueryResult query(String dashboard, String panel) {
        return query(dashboard, panel, 0);
    }

    /** The n-th query of a panel, run now. */
    private static QueryResult query(String dashboard, String panel, int n) {
        List<DashboardQuery> qs = DashboardQueries.load(RepoLayout.dashboards()).stream()
                .filter(q -> q.dashboard().equals(dashboard) && q.panel().equals(panel)).toList();
        assertTrue(qs.size() > n, dashboard + " / " + panel + " has " + qs.size() + " queries");
        return prometheus.query(qs.get(n).expr());
    }

    /** Micrometer's GC binder registers jvm.gc.pause at the first collection after binding. */
    private static void awaitGcPauseMeter() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!CodeFacts.ROLES.stream().allMatch(r -> fleet.scrape(r).contains("jvm_gc_pause_seconds_count"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no GC pause recorded after System.gc()");
            }
            System.gc();
            try {
                Thread.sleep(100); // poll interval of a bounded wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
