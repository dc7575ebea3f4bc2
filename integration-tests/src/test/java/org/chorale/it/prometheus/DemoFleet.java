package org.chorale.it.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.chorale.cli.Chorale;
import org.chorale.cli.LongRunningCommand;
import picocli.CommandLine;

/**
 * {@code chorale demo --keep-running}, run in this JVM as a user runs it: an embedded broker and the three
 * workers; the bundled pieces ingested, a small model ({@value #MODEL}) trained, pieces composed; then the fleet
 * stays up. What it printed is all a test knows of it: the broker address and every worker's {@code /metrics} URL
 * from its JSON summary.
 */
final class DemoFleet implements AutoCloseable {
    /** The model the demo trains (and the dataset it publishes). */
    static final String MODEL = "demo";
    static final String DATASET = "demo";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEEPS_RUNNING = "the fleet keeps running (--keep-running)";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final LongRunningCommand command;
    private final Thread thread;
    private final AtomicInteger exitCode = new AtomicInteger(Integer.MIN_VALUE);
    private JsonNode summary;

    private DemoFleet(Path outDir, int epochs) {
        CommandLine cli = Chorale.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        command = cli.getSubcommands().get("demo").getCommand();
        String[] args = {"demo", "--quick", "--epochs", String.valueOf(epochs), "--keep-running", "--json",
                "--out", outDir.toString(), "--timeout", "3m"};
        thread = new Thread(() -> exitCode.set(cli.execute(args)), "chorale-demo");
    }

    /** Starts the demo and returns once it has composed and says it keeps running. */
    static DemoFleet start(Path outDir, int epochs, Duration timeout) {
        DemoFleet demo = new DemoFleet(outDir, epochs);
        demo.thread.start();
        try {
            await("the demo to compose and keep running", () -> demo.err.toString().contains(KEEPS_RUNNING)
                    || !demo.thread.isAlive(), timeout, demo::output);
            if (!demo.thread.isAlive()) {
                throw new IllegalStateException("the demo ended with exit code " + demo.exitCode + demo.output());
            }
            demo.summary = JSON.readTree(demo.out.toString());
        } catch (IOException e) {
            demo.close();
            throw new UncheckedIOException("the demo's stdout is not its JSON summary" + demo.output(), e);
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    /** The broker address the demo printed. */
    String bootstrapServers() {
        return summary.path("broker").asText();
    }

    /** The {@code /metrics} URL the demo printed for each role, in its order. */
    Map<String, URI> metricsUrls() {
        Map<String, URI> urls = new LinkedHashMap<>();
        summary.path("metrics").fields().forEachRemaining(e -> urls.put(e.getKey(), URI.create(e.getValue().asText())));
        return urls;
    }

    /** The workers as Prometheus targets, labelled with their role as the deployment's scrape configs label them. */
    List<ScrapeTarget> targets() {
        return metricsUrls().entrySet().stream()
                .map(e -> new ScrapeTarget(e.getValue().getHost() + ":" + e.getValue().getPort(), Map.of("role", e.getKey())))
                .toList();
    }

    JsonNode summary() {
        return summary;
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    String output() {
        return "\n--- demo stdout\n" + out + "\n--- demo stderr\n" + err;
    }

    /** Stops the fleet as Ctrl-C does; returns the demo's exit code. */
    int stop(Duration timeout) {
        command.stop();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the demo did not stop within " + timeout + output());
        }
        return exitCode.get();
    }

    @Override
    public void close() {
        if (thread.isAlive()) {
            stop(Duration.ofSeconds(90));
        }
    }

    /** Polls {@code condition} every 100 ms until it holds; fails after {@code timeout} with {@code context}. */
    static void await(String what, BooleanSupplier condition, Duration timeout, Supplier<String> context) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("waited " + timeout + " for " + what + context.get());
            }
            try {
                Thread.sleep(100); // poll interval of a bounded wait, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
