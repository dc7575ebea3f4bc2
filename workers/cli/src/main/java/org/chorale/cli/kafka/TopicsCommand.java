package org.chorale.cli.kafka;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.chorale.cli.ChoraleCommand;
import org.chorale.cli.Json;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** {@code chorale topics create|list}: the topics as Chorale wants them (compose/Kubernetes init jobs run create). */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Creates Chorale's topics idempotently, or lists them with their settings.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class})
public final class TopicsCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: create or list");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates the missing topics (partitions: chorale.topics.partitions, replication: chorale.topics.replication); "
                    + "reports existing topics whose settings differ.")
    static final class Create extends ChoraleCommand {
        @Mixin KafkaOptions kafka;
        @Option(names = "--json", description = "Print the report as JSON.") boolean json;

        @Override protected int execute() {
            ChoraleConfig config = kafka.reachableConfig();
            Topics.EnsureReport report;
            try (Admin admin = KafkaClients.admin(config)) {
                report = Topics.ensure(admin, config.topicSettings());
            }
            if (json) {
                ObjectNode o = Json.object();
                o.putPOJO("created", report.created());
                o.putPOJO("existing", report.existing());
                o.putPOJO("differences", report.differences());
                out().println(Json.write(o));
            } else {
                out().println("on " + config.bootstrapServers() + ": created " + report.created().size() + " topic(s)"
                        + (report.created().isEmpty() ? "" : " " + report.created()) + ", " + report.existing().size() + " already there");
                report.differences().forEach(d -> out().println("  differs: " + d));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists Chorale's topics with partitions and settings.")
    static final class ListTopics extends ChoraleCommand {
        @Mixin KafkaOptions kafka;
        @Option(names = "--json", description = "Print as JSON.") boolean json;

        @Override protected int execute() throws Exception {
            ChoraleConfig config = kafka.reachableConfig();
            List<String> names = config.topics().specs().stream().map(Topics.Spec::name).toList();
            ArrayNode rows = Json.mapper().createArrayNode();
            try (Admin admin = KafkaClients.admin(config)) {
                var present = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                List<String> existing = names.stream().filter(present::contains).toList();
                Map<String, TopicDescription> descriptions = admin.describeTopics(existing).allTopicNames().get(30, TimeUnit.SECONDS);
                List<ConfigResource> resources = existing.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
                Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
                for (String name : names) {
                    ObjectNode row = rows.addObject();
                    row.put("topic", name);
                    TopicDescription d = descriptions.get(name);
                    row.put("exists", d != null);
                    if (d == null) continue;
                    row.put("partitions", d.partitions().size());
                    row.put("replication", d.partitions().get(0).replicas().size());
                    Map<String, String> shown = new TreeMap<>();
                    for (ConfigEntry e : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).entries())
                        if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) shown.put(e.name(), e.value());
                    row.putPOJO("configs", shown);
                }
            }
            if (json) {
                out().println(Json.write(rows));
            } else {
                for (var row : rows) {
                    if (!row.get("exists").asBoolean()) {
                        out().println(row.get("topic").asText() + "  (missing: run 'chorale topics create')");
                        continue;
                    }
                    out().println(row.get("topic").asText() + "  partitions=" + row.get("partitions").asInt()
                            + " replication=" + row.get("replication").asInt() + "  " + row.get("configs"));
                }
            }
            return 0;
        }
    }
}
