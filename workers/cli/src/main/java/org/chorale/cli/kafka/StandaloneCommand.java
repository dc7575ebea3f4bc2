package org.chorale.cli.kafka;

import org.chorale.cli.LongRunningCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** {@code chorale standalone}: broker and all three workers in one process, on fixed ports, until Ctrl-C. */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = {"Runs an embedded broker and the ingest, trainer and generator workers in one process until Ctrl-C.",
                "Metrics on 9401 (ingest), 9402 (trainer), 9403 (generator); for kcat, scripts and Prometheus."})
public final class StandaloneCommand extends LongRunningCommand {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092", description = "Broker client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the broker's data here across runs (default: a temporary folder).")
    Path dataDir;

    @Override protected int run() throws Exception {
        try (Fleet fleet = Fleet.start(new Fleet.Settings(port, dataDir, true, Map.of()), err())) {
            out().println("Chorale standalone is up:");
            fleet.printAddresses(out());
            out().println("e.g.  ./chorale publish my-pieces/ --dataset mine --wait --bootstrap-servers " + fleet.bootstrapServers());
            out().println("Ctrl-C to stop");
            out().flush();
            serving(fleet.bootstrapServers());
            awaitStop();
            err().println("stopping the workers and the broker...");
            err().flush();
        }
        out().println("stopped");
        return 0;
    }
}
