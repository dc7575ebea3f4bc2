package org.chorale.it.prometheus;

import java.util.Map;

/** One {@code host:port} Prometheus scrapes, with the target labels it adds (e.g. {@code role}). */
public record ScrapeTarget(String hostPort, Map<String, String> labels) {
    public ScrapeTarget {
        if (!hostPort.matches("[^:\\s]+:\\d+")) {
            throw new IllegalArgumentException("not host:port: " + hostPort);
        }
        labels = Map.copyOf(labels);
    }

    public static ScrapeTarget of(String hostPort) {
        return new ScrapeTarget(hostPort, Map.of());
    }
}
