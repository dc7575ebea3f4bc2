package org.chorale.runtime.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.chorale.runtime.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka (broker and controller in one node) from Kafka's own classes.
 *
 * <p>{@link Mode#IN_PROCESS} runs {@code KafkaRaftServer} in this JVM (starts in a few seconds; used by tests);
 * {@link Mode#CHILD_PROCESS} runs {@code kafka.Kafka} in a child JVM on this JVM's classpath, which can be
 * {@link #kill() killed} and {@link #restart() restarted} on the same data directory for fault tests. Storage is
 * formatted once; the cluster id lives in the data directory ({@code meta.properties}), so a restart on the same
 * directory finds its data again. Transactions work on the single node (replication 1, min ISR 1), records up to
 * {@link Topics#MAX_MESSAGE_BYTES} are accepted, and consumer groups rebalance without the initial delay.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Where the broker runs. */
    public enum Mode { IN_PROCESS, CHILD_PROCESS }

    /**
     * How to start the broker.
     *
     * @param port             client listener port; 0 picks a free one
     * @param controllerPort   KRaft controller port; 0 picks a free one
     * @param dataDir          data directory; null makes a temporary one, deleted on {@link #close()}
     * @param mode             in this JVM or in a child JVM
     * @param listenerHost     address to listen on and advertise
     * @param brokerProperties extra broker properties, applied last (they win)
     * @param startTimeout     how long to wait for the broker to answer
     */
    public record Options(int port, int controllerPort, Path dataDir, Mode mode, String listenerHost,
                          Map<String, String> brokerProperties, Duration startTimeout) {

        public Options {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(listenerHost, "listenerHost");
            Objects.requireNonNull(startTimeout, "startTimeout");
            brokerProperties = Map.copyOf(brokerProperties);
            if (port < 0 || port > 65535 || controllerPort < 0 || controllerPort > 65535) {
                throw new IllegalArgumentException("ports must be 0..65535");
            }
        }

        /** Free ports, a temporary directory, in this JVM, on 127.0.0.1. */
        public static Options defaults() {
            return new Options(0, 0, null, Mode.IN_PROCESS, "127.0.0.1", Map.of(), Duration.ofSeconds(60));
        }

        public Options withPort(int newPort) {
            return new Options(newPort, controllerPort, dataDir, mode, listenerHost, brokerProperties, startTimeout);
        }

        public Options withControllerPort(int newPort) {
            return new Options(port, newPort, dataDir, mode, listenerHost, brokerProperties, startTimeout);
        }

        public Options withDataDir(Path dir) {
            return new Options(port, controllerPort, dir, mode, listenerHost, brokerProperties, startTimeout);
        }

        public Options withMode(Mode newMode) {
            return new Options(port, controllerPort, dataDir, newMode, listenerHost, brokerProperties, startTimeout);
        }

        public Options withListenerHost(String host) {
            return new Options(port, controllerPort, dataDir, mode, host, brokerProperties, startTimeout);
        }

        public Options withBrokerProperty(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(brokerProperties);
            more.put(key, value);
            return new Options(port, controllerPort, dataDir, mode, listenerHost, more, startTimeout);
        }

        public Options withStartTimeout(Duration timeout) {
            return new Options(port, controllerPort, dataDir, mode, listenerHost, brokerProperties, timeout);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String LOG_DIR_NAME = "kafka-logs";
    /** In-JVM brokers alive; the JVM-wide exit/halt guard is installed while there is at least one. */
    private static final AtomicInteger IN_PROCESS_BROKERS = new AtomicInteger();

    private final Options options;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int port;
    private final int controllerPort;
    private final Properties brokerConfig;
    private KafkaRaftServer server;
    private Process child;
    private Thread childReaper;
    private boolean closed;

    private EmbeddedKafka(Options options, Path dataDir, boolean ownsDataDir, int port, int controllerPort) {
        this.options = options;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.brokerConfig = brokerConfig(options, dataDir.resolve(LOG_DIR_NAME), port, controllerPort);
    }

    /**
     * Formats storage if needed and starts the broker; returns once it answers an admin request.
     *
     * @throws PortInUseException when a requested port is taken
     * @throws IllegalStateException when the broker does not come up in time
     */
    public static EmbeddedKafka start(Options options) {
        int port = options.port() == 0 ? freePort(options.listenerHost()) : requireFree(options.listenerHost(), options.port());
        int controllerPort = options.controllerPort() == 0
                ? freePort(options.listenerHost()) : requireFree(options.listenerHost(), options.controllerPort());
        boolean ownsDataDir = options.dataDir() == null;
        Path dataDir;
        try {
            dataDir = ownsDataDir ? Files.createTempDirectory("chorale-kafka-") : Files.createDirectories(options.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(options, dataDir, ownsDataDir, port, controllerPort);
        try {
            kafka.formatIfNeeded();
            kafka.launch();
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return options.listenerHost() + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Mode mode() {
        return options.mode();
    }

    /** The cluster id stored with the data directory. */
    public String clusterId() {
        return readClusterId().orElseThrow();
    }

    /** Kills the child broker with SIGKILL (no clean shutdown), for fault tests. Child mode only. */
    public synchronized void kill() {
        requireChildMode("kill");
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            waitForExit(child, Duration.ofSeconds(30));
        }
    }

    /** Stops the child broker if it runs (cleanly) and starts it again on the same data directory and ports. */
    public synchronized void restart() {
        requireChildMode("restart");
        if (closed) {
            throw new IllegalStateException("broker is closed");
        }
        stopChild();
        requireFree(options.listenerHost(), port);
        launchChild();
    }

    /** True while the broker process (or in-JVM server) is up. */
    public synchronized boolean isRunning() {
        return options.mode() == Mode.IN_PROCESS ? server != null : child != null && child.isAlive();
    }

    /** Clean shutdown; deletes a temporary data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.warn("embedded Kafka did not shut down cleanly", e);
            } finally {
                server = null;
                releaseExitGuard();
            }
        }
        stopChild();
        if (ownsDataDir) {
            try {
                Utils.delete(dataDir.toFile());
            } catch (IOException e) {
                LOG.warn("cannot delete {}", dataDir, e);
            }
        }
    }

    private static Properties brokerConfig(Options options, Path logDir, int port, int controllerPort) {
        String host = options.listenerHost();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        // one node: every internal topic has one replica, and transactions must not wait for a second ISR member
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // fewer internal partitions: the first group or transaction comes up in milliseconds, not seconds
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        // checkpoints and MIDI files: same limit as the topics, plus room for the batch header
        p.put("message.max.bytes", String.valueOf(Topics.MAX_MESSAGE_BYTES + 64 * 1024));
        p.put("replica.fetch.max.bytes", String.valueOf(Topics.MAX_MESSAGE_BYTES + 64 * 1024));
        // the log cleaner's dedupe buffer is 128 MiB by default, too much for a development broker
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        // quick, clean stops
        p.put("controlled.shutdown.enable", "true");
        p.put("controlled.shutdown.max.retries", "1");
        p.put("log.flush.offset.checkpoint.interval.ms", "1000");
        p.putAll(options.brokerProperties());
        return p;
    }

    private void formatIfNeeded() {
        if (readClusterId().isPresent()) {
            return; // formatted before: keep its cluster id and data
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir().toString()))
                    .setMetadataLogDirectory(logDir().toString()) // log.dirs holds the metadata log too
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir() + ": " + e.getMessage()
                    + " " + output.toString(StandardCharsets.UTF_8), e);
        }
    }

    private java.util.Optional<String> readClusterId() {
        Path meta = logDir().resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return java.util.Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        return java.util.Optional.ofNullable(properties.getProperty("cluster.id"));
    }

    private Path logDir() {
        return dataDir.resolve(LOG_DIR_NAME);
    }

    private void launch() {
        if (options.mode() == Mode.IN_PROCESS) {
            launchInProcess();
        } else {
            launchChild();
        }
    }

    private void launchInProcess() {
        acquireExitGuard();
        long started = System.nanoTime();
        try {
            server = new KafkaRaftServer(new KafkaConfig(brokerConfig, false), Time.SYSTEM);
            server.startup();
            awaitAnswer(() -> true);
        } catch (RuntimeException e) {
            throw new IllegalStateException("embedded Kafka did not start: " + e.getMessage(), e);
        }
        LOG.debug("embedded Kafka up on {} in {} ms", bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * An in-JVM broker that meets a fatal error calls Kafka's {@code Exit.halt}, which would kill the whole JVM (the
     * tests, or the CLI's workers). While in-JVM brokers run, exit and halt only log and throw in the broker thread.
     */
    private static void acquireExitGuard() {
        if (IN_PROCESS_BROKERS.getAndIncrement() == 0) {
            Exit.setExitProcedure((code, message) -> refuseExit("exit", code, message));
            Exit.setHaltProcedure((code, message) -> refuseExit("halt", code, message));
        }
    }

    private static void releaseExitGuard() {
        if (IN_PROCESS_BROKERS.decrementAndGet() == 0) {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
        }
    }

    private static void refuseExit(String how, int code, String message) {
        LOG.error("embedded Kafka asked to {}({}): {} - refused, this JVM keeps running", how, code, message);
        throw new IllegalStateException("embedded Kafka " + how + "(" + code + "): " + message);
    }

    private void launchChild() {
        Path properties = dataDir.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
            brokerConfig.store(writer, "written by Chorale's EmbeddedKafka");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + properties, e);
        }
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        // a development broker: modest heap, the frugal collector (it shares the machine with the workers)
        List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-Xms128m", "-Xmx768m",
                "-XX:+UseSerialGC", "-Djava.awt.headless=true"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "kafka.Kafka", properties.toString()));
        Path logFile = dataDir.resolve("broker.log");
        try {
            child = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM for Kafka", e);
        }
        // if this JVM exits without close(), do not leave an orphan broker behind
        Process started = child;
        childReaper = new Thread(() -> started.destroyForcibly(), "chorale-kafka-child-reaper");
        Runtime.getRuntime().addShutdownHook(childReaper);
        long launched = System.nanoTime();
        awaitAnswer(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("Kafka child process exited with " + started.exitValue()
                        + "; last lines of " + logFile + ":\n" + tail(logFile, 30));
            }
            return true;
        });
        LOG.debug("Kafka child process (pid {}) up on {} in {} ms", started.pid(), bootstrapServers(),
                (System.nanoTime() - launched) / 1_000_000);
    }

    private void stopChild() {
        if (child == null) {
            return;
        }
        if (child.isAlive()) {
            child.destroy(); // SIGTERM: Kafka's own clean shutdown
            if (!waitForExit(child, Duration.ofSeconds(30))) {
                LOG.warn("Kafka child process ignored SIGTERM for 30 s; killing it");
                child.destroyForcibly();
                waitForExit(child, Duration.ofSeconds(10));
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(childReaper);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook runs anyway, harmlessly
        }
        child = null;
    }

    private static boolean waitForExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits for the listener to accept connections (quietly: an admin client would log every refused attempt),
     * then for the broker to answer an admin request; {@code stillAlive} may throw to fail fast.
     */
    private void awaitAnswer(java.util.function.BooleanSupplier stillAlive) {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        while (!accepts(options.listenerHost(), port)) {
            stillAlive.getAsBoolean();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka on " + bootstrapServers() + " did not open its port within "
                        + options.startTimeout().toSeconds() + " s");
            }
            try {
                Thread.sleep(50); // a port opening gives no signal to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            }
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        Exception last = null;
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                stillAlive.getAsBoolean();
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                } catch (Exception e) {
                    last = e; // not up yet; the admin client's own backoff paces the retries
                }
            }
        }
        throw new IllegalStateException("Kafka on " + bootstrapServers() + " did not answer within "
                + options.startTimeout().toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private static boolean accepts(String host, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void requireChildMode(String operation) {
        if (options.mode() != Mode.CHILD_PROCESS) {
            throw new UnsupportedOperationException(operation + "() needs Mode.CHILD_PROCESS");
        }
    }

    private static int requireFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return port;
        } catch (IOException e) {
            throw new PortInUseException(port, "port " + port
                    + " is already in use — is another broker running? use --port 0 for a free port");
        }
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
