package org.chorale.cli.kafka;

import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.broker.EmbeddedKafka;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole product in one process: an embedded KRaft broker with Chorale's topics and the ingest, trainer and
 * generator workers, each on its own thread with its own metrics server. {@code demo} runs it on free ports,
 * {@code standalone} on the fixed ports of docs/metrics.md; tests use it as a cluster.
 */
public final class Fleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Fleet.class);

    /**
     * @param brokerPort   0 for a free port
     * @param dataDir      broker data to keep, or null for a temporary folder
     * @param fixedPorts   metrics on 9401/9402/9403 (standalone) rather than free ports
     * @param extraSettings worker settings added to every worker's (Kafka client or {@code chorale.*} keys)
     */
    public record Settings(int brokerPort, Path dataDir, boolean fixedPorts, Map<String, String> extraSettings) {
        public Settings {
            extraSettings = Map.copyOf(extraSettings);
        }

        public static Settings freePorts() {
            return new Settings(0, null, false, Map.of());
        }

        public Settings withExtraSettings(Map<String, String> more) {
            Map<String, String> all = new HashMap<>(extraSettings);
            all.putAll(more);
            return new Settings(brokerPort, dataDir, fixedPorts, all);
        }
    }

    /** A worker's address for people and Prometheus. */
    public record Endpoint(String role, int port) {
        public String metricsUrl() { return "http://127.0.0.1:" + port + "/metrics"; }
        public String healthUrl() { return "http://127.0.0.1:" + port + "/healthz"; }
    }

    private final EmbeddedKafka broker;
    private final ChoraleConfig config;
    private final List<Worker> workers = new ArrayList<>();

    private Fleet(EmbeddedKafka broker, ChoraleConfig config) {
        this.broker = broker;
        this.config = config;
    }

    /** Starts the broker, creates the topics, starts the three workers; on failure stops whatever started. */
    public static Fleet start(Settings settings, PrintWriter err) {
        EmbeddedKafka broker = Brokers.start(EmbeddedKafka.Options.defaults().withPort(settings.brokerPort())
                .withDataDir(settings.dataDir()), err);
        Map<String, String> values = new HashMap<>(settings.extraSettings());
        values.put(ChoraleConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        values.putIfAbsent(ChoraleConfig.INSTANCE_ID, "local-" + ProcessHandle.current().pid());
        Fleet fleet = new Fleet(broker, ChoraleConfig.of(values));
        try {
            Brokers.createTopics(broker.bootstrapServers());
            err.println("starting the ingest, trainer and generator workers...");
            err.flush();
            for (Worker.Role role : Worker.Role.values()) {
                int port = settings.fixedPorts() ? role.standalonePort() : 0;
                Worker w = Worker.create(role, fleet.config.with(ChoraleConfig.METRICS_PORT, port));
                fleet.workers.add(w);
                w.start();
            }
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    public String bootstrapServers() { return broker.bootstrapServers(); }

    public Path dataDir() { return broker.dataDir(); }

    /** Settings for clients of this fleet (the CLI's own producers and readers). */
    public ChoraleConfig clientConfig() { return config; }

    public List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        for (Worker w : workers) out.add(new Endpoint(w.role().id(), w.metricsPort()));
        return Collections.unmodifiableList(out);
    }

    /** True while every worker's loop runs. */
    public boolean healthy() {
        return workers.size() == Worker.Role.values().length && workers.stream().allMatch(Worker::healthy);
    }

    /** The addresses, as printed by demo and standalone. */
    public void printAddresses(PrintWriter out) {
        out.println("broker    " + bootstrapServers());
        for (Endpoint e : endpoints()) out.printf("%-10s%s%n", e.role(), e.metricsUrl());
        out.flush();
    }

    /** Workers first (newest first, so nothing feeds a stopped consumer), then the broker. */
    @Override public void close() {
        for (int i = workers.size() - 1; i >= 0; i--) {
            try {
                workers.get(i).close();
            } catch (RuntimeException e) {
                log.warn("stopping the {} worker failed: {}", workers.get(i).role().id(), e.toString());
            }
        }
        workers.clear();
        broker.close();
    }
}
