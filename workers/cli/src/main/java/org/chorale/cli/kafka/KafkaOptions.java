package org.chorale.cli.kafka;

import org.chorale.cli.CliFailure;
import org.chorale.runtime.ChoraleConfig;
import picocli.CommandLine.Option;

import org.apache.kafka.clients.admin.Admin;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a command reaches the cluster: the worker settings of docs/metrics.md (a properties file from
 * {@code --config} or {@code CHORALE_CONFIG}, overlaid by the environment), and {@code --bootstrap-servers} over
 * both. Every non-{@code chorale.} key goes to the Kafka clients, so TLS/SASL settings need no flags.
 */
public final class KafkaOptions {
    private static final Duration REACH_TIMEOUT = Duration.ofSeconds(15);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: chorale.bootstrap.servers from --config or CHORALE_BOOTSTRAP_SERVERS, else localhost:9092).")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (properties; default: CHORALE_CONFIG). Environment variables override it.")
    Path configFile;

    /** The settings this command runs with. */
    public ChoraleConfig config() {
        return config(System.getenv());
    }

    /**
     * The settings, after checking that the cluster answers: a wrong address fails in seconds with a message that
     * says what to check, rather than as a client timeout deep inside a command.
     */
    public ChoraleConfig reachableConfig() {
        ChoraleConfig config = config();
        Admin admin = KafkaClients.admin(config);
        try {
            admin.describeCluster().clusterId().get(REACH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CliFailure("cannot reach Kafka at " + config.bootstrapServers() + " within " + REACH_TIMEOUT.toSeconds()
                    + " s (is a broker running? set --bootstrap-servers or CHORALE_BOOTSTRAP_SERVERS)", e);
        } finally {
            admin.close(Duration.ofSeconds(2)); // do not wait out the pending call's own timeout
        }
        return config;
    }

    ChoraleConfig config(Map<String, String> environment) {
        Path file = configFile;
        if (file == null) {
            String named = environment.get(ChoraleConfig.CONFIG_FILE_VARIABLE);
            if (named != null && !named.isBlank()) file = Path.of(named);
        }
        if (file != null && !Files.isRegularFile(file)) throw new CliFailure("no such settings file: " + file);
        ChoraleConfig config;
        try {
            config = ChoraleConfig.load(file, environment);
        } catch (UncheckedIOException e) {
            throw new CliFailure(e.getMessage() + ": " + e.getCause().getMessage(), e);
        }
        return bootstrapServers == null ? config : config.with(ChoraleConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    }
}
