package org.chorale.cli.kafka;

import org.chorale.cli.LongRunningCommand;
import org.chorale.runtime.ChoraleConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chorale worker ROLE}: one worker against a cluster, as containers and pods run it. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs one worker (ingest, trainer or generator) against a Kafka cluster until SIGTERM/Ctrl-C.",
                "Settings: --config FILE / CHORALE_CONFIG and CHORALE_* environment variables (docs/metrics.md)."})
public final class WorkerCommand extends LongRunningCommand {

    @Parameters(index = "0", paramLabel = "ROLE", description = "ingest, trainer or generator.")
    Worker.Role role;

    @Mixin KafkaOptions kafka;

    @Override protected int run() throws Exception {
        ChoraleConfig config = kafka.config();
        err().println("starting the " + role.id() + " worker against " + config.bootstrapServers() + "...");
        err().flush();
        boolean healthyAtStop;
        try (Worker worker = Worker.create(role, config)) {
            worker.start(this::stop);
            out().println(role.id() + " worker " + config.instanceId() + " running; metrics on http://localhost:"
                    + worker.metricsPort() + "/metrics");
            out().flush();
            serving(config.bootstrapServers());
            awaitStop();
            // still healthy = we were asked to stop; unhealthy = the loop ended on a fatal error
            healthyAtStop = worker.healthy();
            err().println("stopping the " + role.id() + " worker...");
            err().flush();
        }
        if (!healthyAtStop) {
            err().println("chorale worker: the " + role.id() + " loop stopped on a fatal error (see the log above)");
            return 1;
        }
        return 0;
    }
}
