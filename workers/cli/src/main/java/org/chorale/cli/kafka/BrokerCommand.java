package org.chorale.cli.kafka;

import org.chorale.cli.LongRunningCommand;
import org.chorale.runtime.broker.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code chorale broker}: a real single-node KRaft broker in this process, with Chorale's topics. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Runs an embedded single-node Kafka (KRaft) broker with Chorale's topics until Ctrl-C.",
                "For development: one node, replication 1, transactions enabled."})
public final class BrokerCommand extends LongRunningCommand {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092", description = "Client port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the broker's data here across runs (default: a temporary folder deleted on exit).")
    Path dataDir;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to listen on and advertise (default: ${DEFAULT-VALUE}).")
    String host;

    @Override protected int run() throws Exception {
        EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults().withPort(port).withDataDir(dataDir).withListenerHost(host);
        try (EmbeddedKafka broker = Brokers.start(options, err())) {
            var report = Brokers.createTopics(broker.bootstrapServers());
            out().println("broker listening on " + broker.bootstrapServers() + " (data in " + broker.dataDir() + ")");
            out().println("topics: " + report.created().size() + " created, " + report.existing().size() + " already there");
            out().println("Ctrl-C to stop");
            out().flush();
            serving(broker.bootstrapServers());
            awaitStop();
            err().println("stopping the broker...");
            err().flush();
        }
        out().println("broker stopped");
        return 0;
    }
}
