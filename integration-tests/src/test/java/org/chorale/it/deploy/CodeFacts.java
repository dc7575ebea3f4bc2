package org.chorale.it.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the code decides and the deployment files must agree with: roles, ports, paths, consumer groups, topics,
 * the CLI's commands.
 *
 * <p>Written down here from the contract (docs/metrics.md and the design brief) while the workers are being
 * written; the lead will point each constant at the code's own constant, so that a change in the code breaks
 * these tests instead of a deployment.
 */
public final class CodeFacts {
    private CodeFacts() {}

    /** Worker roles, as in {@code chorale worker <role>} and the {@code role} tag on every meter. */
    public static final List<String> ROLES = List.of("ingest", "trainer", "generator");

    /** Roles that run on a GPU in the GPU deployment variants. */
    public static final Set<String> GPU_ROLES = Set.of("trainer", "generator");

    /** Default {@code chorale.metrics.port}: /metrics and /healthz. */
    public static final int DEFAULT_METRICS_PORT = 9400;

    /** {@code chorale standalone}: fixed metrics port per role. */
    public static final Map<String, Integer> STANDALONE_METRICS_PORTS =
            Map.of("ingest", 9401, "trainer", 9402, "generator", 9403);

    public static final String METRICS_PATH = "/metrics";
    public static final String HEALTH_PATH = "/healthz";

    /** Consumer group of each role. */
    public static final Map<String, String> CONSUMER_GROUPS =
            Map.of("ingest", "chorale-ingest", "trainer", "chorale-trainer", "generator", "chorale-generator");

    /** Default {@code chorale.topic.prefix}. */
    public static final String TOPIC_PREFIX = "chorale.";

    /** Topic names without the prefix. */
    public static final List<String> TOPICS = List.of("midi.ingest", "pianorolls", "midi.rejected",
            "training.epochs", "training.metrics", "models", "generation.requests", "compositions", "deadletter");

    /** The topic the generators consume (KEDA scales them on its lag). */
    public static final String GENERATION_REQUESTS_TOPIC = TOPIC_PREFIX + "generation.requests";

    /** CLI words: {@code chorale worker <role>} and {@code chorale topics create}. */
    public static final String WORKER_COMMAND = "worker";
    public static final List<String> TOPICS_CREATE_COMMAND = List.of("topics", "create");

    /** Environment variable holding {@code chorale.bootstrap.servers}. */
    public static final String BOOTSTRAP_SERVERS_ENV = "CHORALE_BOOTSTRAP_SERVERS";

    /** The runnable jar, relative to the repository root. */
    public static final String RUNNABLE_JAR = "workers/cli/target/chorale.jar";

    public static String consumerGroup(String role) {
        String group = CONSUMER_GROUPS.get(role);
        if (group == null) {
            throw new IllegalArgumentException("no such role: " + role);
        }
        return group;
    }
}
