package org.chorale.it.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.chorale.it.deploy.RepoLayout;
import org.chorale.it.prometheus.DashboardQueries.DashboardQuery;
import org.junit.jupiter.api.Test;

class DashboardQueriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void extractsTargetsFromRowsCollapsedRowsVariablesAndAnnotations() throws Exception {
        JsonNode dashboard = JSON.readTree("""
                {"panels": [
                   {"type": "row", "title": "open", "panels": []},
                   {"type": "timeseries", "title": "A", "targets": [{"expr": "a{m=~\\"$model\\"}"}, {"expr": ""}]},
                   {"type": "row", "title": "closed", "collapsed": true, "panels": [
                      {"type": "stat", "title": "B", "targets": [{"expr": "rate(b[$__rate_interval])"}]}]}],
                 "templating": {"list": [
                   {"type": "datasource", "name": "datasource", "query": "prometheus"},
                   {"type": "query", "name": "model", "query": {"query": "label_values(a{w=~\\"$worker\\"}, model)"}},
                   {"type": "query", "name": "worker", "query": "label_values(worker)"},
                   {"type": "custom", "name": "step", "query": "1m,5m"}]},
                 "annotations": {"list": [{"name": "ckpt", "expr": "changes(c[$__interval]) > 0"}]}}
                """);
        List<DashboardQuery> qs = DashboardQueries.extract("d", dashboard);
        assertEquals(List.of(
                "d / A: a{m=~\".*\"}",
                "d / B: rate(b[1m])",
                "d / variable $model: count by (model) (a{w=~\".*\"})",
                "d / variable $worker: count by (worker) ({worker!=\"\"})",
                "d / annotation ckpt: changes(c[15s]) > 0"), qs.stream().map(DashboardQuery::toString).toList());
        assertEquals("a{m=~\"$model\"}", qs.get(0).rawExpr());
    }

    @Test
    void substitutesVariablesButNotRegexGroups() {
        assertEquals("label_replace(x{r=~\".*\", w=~\".*\", z=~\".*\"}[1h], \"g\", \"chorale-$1\", \"r\", \"(.+)\")",
                DashboardQueries.resolve(
                        "label_replace(x{r=~\"$role\", w=~\"${worker:regex}\", z=~\"[[zone]]\"}[$__range], \"g\", \"chorale-$1\", \"r\", \"(.+)\")"));
    }

    @Test
    void realVariableValuesAreWrittenAsGrafanaWritesAMultiValueSelection() {
        assertEquals("(ingest|trainer)", DashboardQueries.multiValue(List.of("ingest", "trainer")));
        // regex-escaped, and the escape doubled inside the PromQL string
        assertEquals("(v1\\\\.0|a\\\\+b)", DashboardQueries.multiValue(List.of("v1.0", "a+b")));
        DashboardQueries.Variable worker = new DashboardQueries.Variable("worker",
                "label_values(chorale_worker_info{role=~\"$role\"}, worker)");
        assertEquals("worker", worker.label());
        DashboardQueries.Substitution roles = DashboardQueries.Substitution.DEFAULTS.withVariable("role", "(ingest)");
        assertEquals("count by (worker) (chorale_worker_info{role=~\"(ingest)\"})", worker.promql(roles));
        assertEquals("rate(x{r=~\"(ingest)\", w=~\".*\"}[2m])", DashboardQueries.resolve(
                "rate(x{r=~\"$role\", w=~\"$worker\"}[$__rate_interval])",
                roles.withBuiltins(Map.of("__rate_interval", "2m"))));
    }

    @Test
    void tableTargetsAreInstantQueriesAndTimeSeriesTargetsRangeQueries() throws Exception {
        JsonNode dashboard = JSON.readTree("""
                {"panels": [
                   {"type": "table", "title": "T", "targets": [{"expr": "a", "instant": true, "range": false}]},
                   {"type": "timeseries", "title": "S", "targets": [{"expr": "b", "instant": false, "range": true}]}]}
                """);
        List<DashboardQuery> qs = DashboardQueries.extract("d", dashboard);
        assertTrue(qs.get(0).instant());
        assertFalse(qs.get(1).instant());
    }

    @Test
    void unknownBuiltinsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> DashboardQueries.resolve("rate(x[$__no_such_thing])"));
    }

    @Test
    void theProjectDashboardsYieldResolvedQueriesFromEveryDashboard() {
        List<DashboardQuery> qs = DashboardQueries.load(RepoLayout.dashboards());
        Set<String> dashboards = qs.stream().map(DashboardQuery::dashboard).collect(Collectors.toSet());
        assertEquals(Set.of("training", "generation", "ingest", "fleet"), dashboards);
        for (DashboardQuery q : qs) {
            assertFalse(q.expr().matches("(?s).*\\$[A-Za-z_{].*|.*\\[\\[.*"), "unresolved variable in " + q);
        }
        // the collapsed "JVM details" row of the fleet dashboard is not skipped
        assertTrue(qs.stream().anyMatch(q -> q.panel().equals("GC pause time")), "nested panels");
    }
}
