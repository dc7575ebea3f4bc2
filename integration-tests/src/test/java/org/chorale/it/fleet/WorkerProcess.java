package org.chorale.it.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One worker as production runs it: {@code java -jar chorale.jar worker ROLE --config FILE}, in a JVM of its own,
 * so a test can SIGKILL it ({@link #kill()}) or stop it with SIGTERM ({@link #terminate()}) and start it again
 * ({@link #restart()}) with the same instance id — and so the same transactional id, which fences the dead one.
 *
 * <p>Its output (log and the "running" line) goes to {@code <dir>/<instance>.log}, appended across restarts.
 */
public final class WorkerProcess implements AutoCloseable {

    /** The three worker roles of {@code chorale worker}. */
    public enum Role {
        INGEST, TRAINER, GENERATOR;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Role role;
    private final String instanceId;
    private final Path configFile;
    private final Path logFile;
    private Process process;
    private int metricsPort = -1;
    private int starts;

    private WorkerProcess(Role role, String instanceId, Path configFile, Path logFile) {
        this.role = role;
        this.instanceId = instanceId;
        this.configFile = configFile;
        this.logFile = logFile;
    }

    /**
     * Starts a worker and waits until it reports that it runs (its loop thread started, metrics served).
     *
     * @param settings worker settings (docs/metrics.md): {@code chorale.*} keys and Kafka client keys
     */
    static WorkerProcess start(Role role, String instanceId, Map<String, String> settings, Path dir) {
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put("chorale.instance.id", instanceId);
        properties.putIfAbsent("chorale.metrics.port", "0");
        Path config = dir.resolve(instanceId + ".properties");
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            properties.store(writer, "settings of worker " + instanceId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WorkerProcess worker = new WorkerProcess(role, instanceId, config, dir.resolve(instanceId + ".log"));
        worker.launch();
        return worker;
    }

    public Role role() {
        return role;
    }

    public String instanceId() {
        return instanceId;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no transaction finished — a crash. Waits until the process is gone. */
    public void kill() {
        if (process == null) return;
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM: the worker finishes or aborts the batch in hand and leaves its group; returns its exit code. */
    public int terminate() {
        if (process == null) throw new IllegalStateException(instanceId + " was never started");
        process.destroy();
        return waitForExit();
    }

    /**
     * SIGTERM, and checks that the worker went the graceful way: it said it was stopping, did not report a fatal
     * loop error, and exited with 0 or 143 (the JVM's code for a shutdown that SIGTERM started, 128 + 15).
     */
    public void stopGracefully() {
        long logStart = logLength();
        int code = terminate();
        String said = logSince(logStart);
        if ((code != 0 && code != 143) || !said.contains("stopping the " + role.id() + " worker")
                || said.contains("stopped on a fatal error")) {
            throw new AssertionError(instanceId + " did not stop gracefully on SIGTERM (exit code " + code + "); "
                    + logTail(30));
        }
    }

    /** Starts the worker again with the same settings and instance id (the process before must be gone). */
    public void restart() {
        if (isAlive()) throw new IllegalStateException(instanceId + " still runs; kill or terminate it first");
        launch();
    }

    /** The port of this run's {@code /metrics} and {@code /healthz}. */
    public int metricsPort() {
        return metricsPort;
    }

    /** The worker's {@code /metrics} page right now. */
    public String metrics() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metrics of " + instanceId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of every sample of {@code metric} (all tag sets) on the worker's {@code /metrics}, 0 if absent. */
    public double metricSum(String metric) {
        double sum = 0;
        for (String line : metrics().split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The last {@code lines} lines of the worker's output, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            return instanceId + " log (last " + lines + " lines):\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log of " + instanceId + " unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * The stacks of the worker's threads that run Chorale code (its loop), from {@code jcmd PID Thread.print}; the
     * whole dump goes to {@code <dir>/<instance>.threads.txt}. For failure messages: a worker that stopped making
     * progress says where it waits.
     */
    public String threadDump() {
        if (!isAlive()) return instanceId + " is not running";
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path out = logFile.resolveSibling(instanceId + ".threads.txt");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                return "jcmd did not answer within 30 s for " + instanceId;
            }
            StringBuilder ours = new StringBuilder(instanceId + " threads running Chorale code (all in " + out + "):\n");
            for (String thread : Files.readString(out, StandardCharsets.ISO_8859_1).split("\n\\s*\n")) {
                if (thread.contains("org.chorale.")) ours.append(thread.strip()).append("\n\n");
            }
            return ours.toString();
        } catch (IOException e) {
            return "no thread dump of " + instanceId + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while dumping the threads of " + instanceId;
        }
    }

    /** Kills the worker if it still runs. */
    @Override
    public void close() {
        if (isAlive()) kill();
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-jar", ProjectLayout.choraleJar().toString(),
                "worker", role.id(), "--config", configFile.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // the settings file is the whole configuration: CHORALE_* variables of the test's environment would win
        builder.environment().keySet().removeIf(name -> name.startsWith("CHORALE_"));
        // one OpenMP thread (the CI machine has two cores for the whole fleet) and a known OpenBLAS kernel
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().put("OPENBLAS_CORETYPE", "Haswell");
        long logStart = logLength();
        starts++;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + role.id() + " worker", e);
        }
        // a test JVM that dies (or is stopped) before close() leaves no orphan worker behind
        Process orphan = process;
        Runtime.getRuntime().addShutdownHook(new Thread(orphan::destroyForcibly, "kill-" + instanceId));
        Pattern running = Pattern.compile(Pattern.quote(role.id() + " worker " + instanceId)
                + " running; metrics on http://localhost:(\\d+)/metrics");
        Process started = process;
        Await.until(instanceId + " to run (start " + starts + ")", START_TIMEOUT, () -> {
            Matcher m = running.matcher(logSince(logStart));
            if (m.find()) {
                metricsPort = Integer.parseInt(m.group(1));
                return true;
            }
            if (!started.isAlive()) {
                throw new AssertionError(instanceId + " exited with " + started.exitValue() + " before running; "
                        + logTail(40));
            }
            return false;
        }, () -> logTail(40));
    }

    private int waitForExit() {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(instanceId + " did not exit within " + EXIT_TIMEOUT.toSeconds() + " s; "
                        + logTail(40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long logLength() {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logSince(long offset) {
        try {
            if (!Files.exists(logFile)) return "";
            byte[] all = Files.readAllBytes(logFile);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
