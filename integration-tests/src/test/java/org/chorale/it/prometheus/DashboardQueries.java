package org.chorale.it.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every PromQL expression of the Grafana dashboards in a folder: panel targets (rows and collapsed rows
 * included), templating queries ({@code label_values} turned into the PromQL Grafana runs for it) and annotation
 * queries; each with Grafana's variables replaced so that Prometheus itself can run it.
 *
 * <p>Substitution: {@code $__rate_interval} → {@code 1m}, {@code $__interval} → {@code 15s}, {@code $__range} →
 * {@code 1h}; every dashboard variable ({@code $model}, {@code ${worker}}, {@code [[role]]}) → {@code .*}, the
 * "All" value of a multi-value variable whose allValue is {@code .*}. An unknown {@code $__} built-in is an error,
 * not a silent pass.
 */
public final class DashboardQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BUILTINS = Map.of(
            "__rate_interval", "1m",
            "__interval", "15s",
            "__interval_ms", "15000",
            "__range", "1h",
            "__range_s", "3600");
    /** $name, ${name}, ${name:format}, [[name]] — a name starting with a digit is a regex group ($1), not a variable. */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{([A-Za-z_]\\w*)(?::[^}]*)?}|\\$([A-Za-z_]\\w*)|\\[\\[([A-Za-z_]\\w*)]]");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*)\\)\\s*$", Pattern.DOTALL);
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);

    private DashboardQueries() {}

    /** One expression: where it comes from, as written in the dashboard, and as Prometheus will run it. */
    public record DashboardQuery(String dashboard, String panel, String rawExpr, String expr) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + ": " + expr;
        }
    }

    /** The queries of every {@code *.json} in {@code dir}, dashboards in file-name order. */
    public static List<DashboardQuery> load(Path dir) {
        List<DashboardQuery> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                String name = f.getFileName().toString().replaceFirst("\\.json$", "");
                all.addAll(extract(name, JSON.readTree(f.toFile())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    public static List<DashboardQuery> extract(String dashboard, JsonNode json) {
        List<DashboardQuery> out = new ArrayList<>();
        addPanels(dashboard, json.path("panels"), out);
        // schema < 16 kept panels under rows[]
        json.path("rows").forEach(row -> addPanels(dashboard, row.path("panels"), out));
        for (JsonNode var : json.path("templating").path("list")) {
            if (!"query".equals(var.path("type").asText())) {
                continue;
            }
            JsonNode q = var.path("query");
            String text = q.isObject() ? q.path("query").asText() : q.asText();
            String promql = variableQueryAsPromQl(text);
            if (promql != null) {
                out.add(new DashboardQuery(dashboard, "variable $" + var.path("name").asText(), text, resolve(promql)));
            }
        }
        for (JsonNode ann : json.path("annotations").path("list")) {
            String expr = ann.path("expr").asText("");
            if (!expr.isBlank()) {
                out.add(new DashboardQuery(dashboard, "annotation " + ann.path("name").asText(), expr, resolve(expr)));
            }
        }
        return out;
    }

    private static void addPanels(String dashboard, JsonNode panels, List<DashboardQuery> out) {
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    out.add(new DashboardQuery(dashboard, title, expr, resolve(expr)));
                }
            }
            addPanels(dashboard, panel.path("panels"), out); // a collapsed row holds its panels
        }
    }

    /**
     * The PromQL behind a Prometheus variable query: {@code label_values(sel, label)} asks for the series of
     * {@code sel}, {@code query_result(q)} runs {@code q}; other forms (metrics(), label_names()) run no PromQL.
     */
    static String variableQueryAsPromQl(String query) {
        Matcher lv = LABEL_VALUES.matcher(query);
        if (lv.matches()) {
            String args = lv.group(1);
            int comma = topLevelLastComma(args);
            if (comma < 0) {
                String label = args.trim();
                return "count by (" + label + ") ({" + label + "!=\"\"})";
            }
            return "count by (" + args.substring(comma + 1).trim() + ") (" + args.substring(0, comma).trim() + ")";
        }
        Matcher qr = QUERY_RESULT.matcher(query);
        return qr.matches() ? qr.group(1) : null;
    }

    /** Replaces Grafana variables as described in the class comment. */
    public static String resolve(String expr) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value;
            if (name.startsWith("__")) {
                value = BUILTINS.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("unknown Grafana built-in $" + name + " in: " + expr);
                }
            } else {
                value = ".*";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Index of the last comma outside braces, brackets, parentheses and strings. */
    private static int topLevelLastComma(String s) {
        int depth = 0;
        int last = -1;
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString) {
                if (c == '{' || c == '(' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ')' || c == ']') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    last = i;
                }
            }
        }
        return last;
    }
}
