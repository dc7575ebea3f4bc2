package org.chorale.it.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
 * not a silent pass. A {@link Substitution} gives other values: the built-ins of a given time range, and real
 * variable values (what {@link Variable#promql} finds), as Grafana writes a multi-value selection ({@link
 * #multiValue}).
 */
public final class DashboardQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> BUILTINS = Map.of(
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

    /**
     * One expression: where it comes from, as written in the dashboard, as Prometheus will run it, and whether
     * Grafana runs it as an instant query (a table's {@code "instant": true} target, a variable) rather than over
     * the dashboard's time range.
     */
    public record DashboardQuery(String dashboard, String panel, String rawExpr, String expr, boolean instant) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + ": " + expr;
        }
    }

    /**
     * The values Grafana's variables take: built-ins ({@code __rate_interval} → {@code 1m}, ...) and dashboard
     * variables by name; a dashboard variable without a value is {@code .*}, its "All".
     */
    public record Substitution(Map<String, String> builtins, Map<String, String> variables) {
        public static final Substitution DEFAULTS = new Substitution(BUILTINS, Map.of());

        public Substitution {
            builtins = Map.copyOf(builtins);
            variables = Map.copyOf(variables);
        }

        /** These built-ins replaced or added, e.g. {@code __range} of the time range a test queries. */
        public Substitution withBuiltins(Map<String, String> more) {
            Map<String, String> all = new HashMap<>(builtins);
            all.putAll(more);
            return new Substitution(all, variables);
        }

        public Substitution withVariable(String name, String value) {
            Map<String, String> all = new HashMap<>(variables);
            all.put(name, value);
            return new Substitution(builtins, all);
        }
    }

    /**
     * A query variable of a dashboard ({@code type: query}), in the order Grafana resolves them: a later one may
     * use an earlier one ({@code label_values(x{role=~"$role"}, worker)}).
     */
    public record Variable(String name, String rawQuery) {
        /** The PromQL Grafana runs to list the values, or null where it runs none. */
        public String promql(Substitution substitution) {
            String promql = variableQueryAsPromQl(rawQuery);
            return promql == null ? null : resolve(promql, substitution);
        }

        /** The label whose values a {@code label_values(..., label)} variable lists; null for other forms. */
        public String label() {
            Matcher lv = LABEL_VALUES.matcher(rawQuery);
            if (!lv.matches()) {
                return null;
            }
            String args = lv.group(1);
            int comma = topLevelLastComma(args);
            return (comma < 0 ? args : args.substring(comma + 1)).trim();
        }
    }

    /** The queries of every {@code *.json} in {@code dir}, dashboards in file-name order. */
    public static List<DashboardQuery> load(Path dir) {
        List<DashboardQuery> all = new ArrayList<>();
        dashboards(dir).forEach((name, json) -> all.addAll(extract(name, json)));
        return all;
    }

    /** Every {@code *.json} in {@code dir} by dashboard name (the file name without .json), in file-name order. */
    public static Map<String, JsonNode> dashboards(Path dir) {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                all.put(f.getFileName().toString().replaceFirst("\\.json$", ""), JSON.readTree(f.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** The query variables of a dashboard, in their order. */
    public static List<Variable> variables(JsonNode json) {
        List<Variable> out = new ArrayList<>();
        for (JsonNode var : json.path("templating").path("list")) {
            if ("query".equals(var.path("type").asText())) {
                JsonNode q = var.path("query");
                out.add(new Variable(var.path("name").asText(), q.isObject() ? q.path("query").asText() : q.asText()));
            }
        }
        return out;
    }

    public static List<DashboardQuery> extract(String dashboard, JsonNode json) {
        return extract(dashboard, json, Substitution.DEFAULTS);
    }

    public static List<DashboardQuery> extract(String dashboard, JsonNode json, Substitution substitution) {
        List<DashboardQuery> out = new ArrayList<>();
        addPanels(dashboard, json.path("panels"), substitution, out);
        // schema < 16 kept panels under rows[]
        json.path("rows").forEach(row -> addPanels(dashboard, row.path("panels"), substitution, out));
        for (Variable var : variables(json)) {
            String promql = var.promql(substitution);
            if (promql != null) {
                out.add(new DashboardQuery(dashboard, "variable $" + var.name(), var.rawQuery(), promql, true));
            }
        }
        for (JsonNode ann : json.path("annotations").path("list")) {
            String expr = ann.path("expr").asText("");
            if (!expr.isBlank()) {
                out.add(new DashboardQuery(dashboard, "annotation " + ann.path("name").asText(), expr,
                        resolve(expr, substitution), false));
            }
        }
        return out;
    }

    private static void addPanels(String dashboard, JsonNode panels, Substitution substitution,
                                  List<DashboardQuery> out) {
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    // Grafana runs a target over the time range unless it asks for an instant value only
                    boolean instant = target.path("instant").asBoolean(false) && !target.path("range").asBoolean(false);
                    out.add(new DashboardQuery(dashboard, title, expr, resolve(expr, substitution), instant));
                }
            }
            addPanels(dashboard, panel.path("panels"), substitution, out); // a collapsed row holds its panels
        }
    }

    /**
     * A multi-value variable with {@code values} selected, as Grafana writes it into a Prometheus regex matcher:
     * {@code (a|b)}, each value regex-escaped, and the escape doubled for the PromQL string it sits in.
     */
    public static String multiValue(Collection<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        return values.stream()
                .map(v -> v.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\\\\\$0"))
                .collect(Collectors.joining("|", "(", ")"));
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
        return resolve(expr, Substitution.DEFAULTS);
    }

    public static String resolve(String expr, Substitution substitution) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value;
            if (name.startsWith("__")) {
                value = substitution.builtins().get(name);
                if (value == null) {
                    throw new IllegalArgumentException("unknown Grafana built-in $" + name + " in: " + expr);
                }
            } else {
                value = substitution.variables().getOrDefault(name, ".*");
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
