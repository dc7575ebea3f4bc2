package org.chorale.it.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names docs/metrics.md promises, read from its tables (the rows of every table whose first column
 * is "metric"), so the dashboards are checked against the document itself rather than a copy of it.
 *
 * <p>A name ending in {@code *} ({@code jvm_*}) is a prefix. A timer stands for its Prometheus series: the
 * suffixes its type column lists, else Micrometer's {@code _count}, {@code _sum} and {@code _max}.
 */
public final class MetricsContract {
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern METRIC_PREFIX = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\*");
    private static final List<String> TIMER_SUFFIXES = List.of("_count", "_sum", "_max");

    private final Set<String> names;
    private final Set<String> prefixes;

    private MetricsContract(Set<String> names, Set<String> prefixes) {
        this.names = Collections.unmodifiableSet(names);
        this.prefixes = Collections.unmodifiableSet(prefixes);
    }

    public static MetricsContract load(Path markdown) {
        try {
            return parse(Files.readString(markdown));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MetricsContract parse(String markdown) {
        Set<String> names = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        boolean inMetricTable = false;
        for (String line : markdown.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.startsWith("|")) {
                inMetricTable = false;
                continue;
            }
            List<String> cells = cells(trimmed);
            if (cells.isEmpty()) {
                continue;
            }
            if (cells.get(0).equalsIgnoreCase("metric")) {
                inMetricTable = true;
                continue;
            }
            if (!inMetricTable || cells.get(0).startsWith("---")) {
                continue;
            }
            String type = cells.size() > 1 ? cells.get(1) : "";
            Matcher m = BACKTICKED.matcher(cells.get(0));
            while (m.find()) {
                String token = m.group(1);
                Matcher prefix = METRIC_PREFIX.matcher(token);
                if (prefix.matches()) {
                    prefixes.add(prefix.group(1));
                } else if (METRIC_NAME.matcher(token).matches()) {
                    names.addAll(seriesOf(token, type));
                }
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no metric table found");
        }
        return new MetricsContract(names, prefixes);
    }

    /** Exact series names the document promises (timers expanded to their suffixes). */
    public Set<String> names() {
        return names;
    }

    /** Name prefixes the document promises wholesale ({@code kafka_}, {@code jvm_}, ...). */
    public Set<String> prefixes() {
        return prefixes;
    }

    public boolean allows(String metricName) {
        return names.contains(metricName) || prefixes.stream().anyMatch(metricName::startsWith);
    }

    private static List<String> seriesOf(String name, String type) {
        if (!type.contains("timer")) {
            return List.of(name);
        }
        List<String> suffixes = new ArrayList<>();
        Matcher m = BACKTICKED.matcher(type);
        while (m.find()) {
            if (m.group(1).startsWith("_")) {
                suffixes.add(m.group(1));
            }
        }
        return (suffixes.isEmpty() ? TIMER_SUFFIXES : suffixes).stream().map(s -> name + s).toList();
    }

    /** Cells of a Markdown table row; {@code \|} inside a cell is text, not a separator. */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '\\' && i + 1 < row.length() && row.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }
}
