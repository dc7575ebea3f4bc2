package org.chorale.it.deploy;

import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.chorale.cli.Chorale;
import org.chorale.cli.kafka.Fleet;
import org.chorale.cli.kafka.Worker;
import org.chorale.generator.GeneratorWorker;
import org.chorale.ingest.IngestWorker;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.Topics;
import org.chorale.runtime.loop.LoopSettings;
import org.chorale.trainer.TrainerWorker;
import picocli.CommandLine;

/**
 * What the code decides and the deployment files must agree with: roles, ports, paths, consumer groups, topics,
 * the CLI's commands.
 *
 * <p>Each constant is read from the code (its constants, its defaults, its command line), so that a change in the
 * code breaks these tests instead of a deployment. Only the runnable jar's path, which the build decides, is
 * written down here.
 */
public final class CodeFacts {
    private CodeFacts() {}

    /** Default settings: what a worker runs with when nothing is configured. */
    private static final ChoraleConfig DEFAULTS = ChoraleConfig.of(Map.of());

    /** Worker roles, as in {@code chorale worker <role>} and the {@code role} tag on every meter. */
    public static final List<String> ROLES = List.of(IngestWorker.ROLE, TrainerWorker.ROLE, GeneratorWorker.ROLE);

    /** Roles that compute on ND4J and so run on a GPU in the GPU deployment variants (they honour chorale.require.gpu). */
    public static final Set<String> GPU_ROLES = Set.of(TrainerWorker.ROLE, GeneratorWorker.ROLE);

    /** Default {@code chorale.metrics.port}: /metrics and /healthz. */
    public static final int DEFAULT_METRICS_PORT = DEFAULTS.metricsPort();

    /** {@code chorale standalone}: fixed metrics port per role. */
    public static final Map<String, Integer> STANDALONE_METRICS_PORTS = standalonePorts();

    public static final String METRICS_PATH = URI.create(new Fleet.Endpoint("any", 1).metricsUrl()).getPath();
    public static final String HEALTH_PATH = URI.create(new Fleet.Endpoint("any", 1).healthUrl()).getPath();

    /** Consumer group of each role. */
    public static final Map<String, String> CONSUMER_GROUPS = consumerGroups();

    /** Default {@code chorale.topic.prefix}. */
    public static final String TOPIC_PREFIX = Topics.DEFAULT_PREFIX;

    /** Topic names without the prefix, every topic Chorale creates. */
    public static final List<String> TOPICS = Topics.standard().specs().stream()
            .map(spec -> spec.name().substring(TOPIC_PREFIX.length())).toList();

    /** The topic the generators consume (KEDA scales them on its lag). */
    public static final String GENERATION_REQUESTS_TOPIC = Topics.standard().generationRequests();

    /** CLI words: {@code chorale worker <role>} and {@code chorale topics create}. */
    public static final String WORKER_COMMAND = cliCommand("worker").get(0);
    public static final List<String> TOPICS_CREATE_COMMAND = cliCommand("topics", "create");

    /** Environment variable holding {@code chorale.bootstrap.servers} (CHORALE_X_Y is read as chorale.x.y). */
    public static final String BOOTSTRAP_SERVERS_ENV = environmentVariable(ChoraleConfig.BOOTSTRAP_SERVERS);

    /** The runnable jar, relative to the repository root (the cli module's finalName). */
    public static final String RUNNABLE_JAR = "workers/cli/target/chorale.jar";

    public static String consumerGroup(String role) {
        String group = CONSUMER_GROUPS.get(role);
        if (group == null) {
            throw new IllegalArgumentException("no such role: " + role);
        }
        return group;
    }

    private static Map<String, Integer> standalonePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Worker.Role role : Worker.Role.values()) {
            ports.put(role.id(), role.standalonePort());
        }
        return Map.copyOf(ports);
    }

    /** The group {@link LoopSettings#forRole} gives a role's loop (the topic list does not change it). */
    private static Map<String, String> consumerGroups() {
        Map<String, String> groups = new LinkedHashMap<>();
        for (String role : ROLES) {
            groups.put(role, LoopSettings.forRole(role, DEFAULTS, List.of(TOPIC_PREFIX + "any")).groupId());
        }
        return Map.copyOf(groups);
    }

    /** The words of a command the CLI really has; fails at class initialisation if it has not. */
    private static List<String> cliCommand(String... words) {
        PrintWriter silent = new PrintWriter(Writer.nullWriter());
        CommandLine command = Chorale.commandLine(silent, silent);
        for (String word : words) {
            command = command.getSubcommands().get(word);
            if (command == null) {
                throw new IllegalStateException("the chorale CLI has no command " + Arrays.toString(words));
            }
        }
        return List.of(words);
    }

    /** The variable that {@link ChoraleConfig#fromEnvironmentVariables} reads as {@code key}; checked both ways. */
    private static String environmentVariable(String key) {
        String variable = "CHORALE_" + key.substring("chorale.".length()).replace('.', '_').toUpperCase(Locale.ROOT);
        if (!"x".equals(ChoraleConfig.fromEnvironmentVariables(Map.of(variable, "x")).get(key))) {
            throw new IllegalStateException(variable + " is not read as " + key);
        }
        return variable;
    }
}
