package org.chorale.cli.kafka;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.chorale.cli.ChoraleCommand;
import org.chorale.cli.Json;
import org.chorale.events.MidiRejected;
import org.chorale.events.ModelCheckpoint;
import org.chorale.events.PianoRoll;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.read.CompactedTopicReader;
import org.chorale.schemas.DecodeResult;
import org.chorale.schemas.EventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** {@code chorale status}: what the cluster holds — models, datasets, rejections — and how far behind each group is. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows models (newest version, epoch, last metrics), datasets (pieces per split), rejections and consumer lag.")
public final class StatusCommand extends ChoraleCommand {

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Mixin KafkaOptions kafka;

    @Override protected int execute() throws Exception {
        ChoraleConfig config = kafka.reachableConfig();
        ObjectNode root = Json.object();
        root.put("bootstrapServers", config.bootstrapServers());
        root.set("models", models(config));
        root.set("datasets", datasets(config));
        root.set("rejections", rejections(config));
        root.set("consumerGroups", lag(config));
        if (json) out().println(Json.write(root));
        else print(root);
        return 0;
    }

    private static ArrayNode models(ChoraleConfig config) {
        ArrayNode models = Json.mapper().createArrayNode();
        for (ModelCheckpoint c : ModelCatalog.read(config).all().values()) {
            ObjectNode m = models.addObject();
            m.put("model", c.getModelId()).put("version", c.getVersion()).put("epoch", c.getEpoch())
                    .put("epochs", c.getHyperparameters().getEpochs()).put("dataset", c.getDataset())
                    .put("createdAt", c.getCreatedAt().toString()).put("codeVersion", c.getCodeVersion());
            m.putPOJO("metrics", new TreeMap<>(c.getMetrics()));
        }
        return models;
    }

    private static ArrayNode datasets(ChoraleConfig config) {
        Map<String, Map<String, long[]>> bySet = new TreeMap<>(); // dataset -> split -> {pieces, steps}
        try (var reader = CompactedTopicReader.forEvents(config.kafkaProperties(), config.topics().pianorolls(), PianoRoll.class)) {
            reader.refresh(Duration.ofSeconds(120));
            for (PianoRoll r : reader.values().values()) {
                long[] counts = bySet.computeIfAbsent(r.getDataset(), d -> new TreeMap<>()).computeIfAbsent(r.getSplit(), s -> new long[2]);
                counts[0]++;
                counts[1] += r.getSteps().size();
            }
        }
        ArrayNode out = Json.mapper().createArrayNode();
        bySet.forEach((name, splits) -> {
            ObjectNode d = out.addObject().put("dataset", name);
            ObjectNode s = d.putObject("pieces");
            long steps = 0;
            for (String split : List.of("train", "valid", "test")) s.put(split, splits.getOrDefault(split, new long[2])[0]);
            for (long[] c : splits.values()) steps += c[1];
            d.put("steps", steps);
        });
        return out;
    }

    /** Counted by reading the topic: offsets would also count transaction markers. */
    private static ObjectNode rejections(ChoraleConfig config) {
        Map<String, Integer> byReason = new TreeMap<>();
        int total = 0;
        try (TopicTail tail = TopicTail.fromStart(config, config.topics().midiRejected())) {
            while (!tail.caughtUp()) {
                for (ConsumerRecord<byte[], byte[]> r : tail.poll(Duration.ofMillis(500))) {
                    if (EventCodec.standard().decode(r.value(), MidiRejected.class) instanceof DecodeResult.Decoded<MidiRejected> d) {
                        total++;
                        byReason.merge(d.event().getReason().name(), 1, Integer::sum);
                    }
                }
            }
        }
        ObjectNode o = Json.object().put("total", total);
        o.putPOJO("byReason", byReason);
        return o;
    }

    /** Per group and topic: committed offsets against the end offsets (Admin API). */
    private static ArrayNode lag(ChoraleConfig config) throws Exception {
        ArrayNode out = Json.mapper().createArrayNode();
        try (Admin admin = KafkaClients.admin(config)) {
            List<String> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(30, TimeUnit.SECONDS).stream()
                    .map(GroupListing::groupId).sorted().toList();
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
                Map<String, Long> byTopic = new TreeMap<>();
                committed.forEach((tp, offset) -> {
                    long end = ends.get(tp).offset();
                    byTopic.merge(tp.topic(), Math.max(0, end - (offset == null ? 0 : offset.offset())), Long::sum);
                });
                ObjectNode g = out.addObject().put("group", group);
                g.putPOJO("lag", byTopic);
            }
        }
        return out;
    }

    private void print(ObjectNode s) {
        out().println("cluster " + s.get("bootstrapServers").asText());
        out().println("models:" + (s.get("models").isEmpty() ? " none" : ""));
        for (var m : s.get("models")) {
            var metrics = m.get("metrics");
            out().printf(Locale.ROOT, "  %s  version %d (epoch %d of %d)  dataset %s  %s  created %s%n", m.get("model").asText(),
                    m.get("version").asLong(), m.get("epoch").asInt(), m.get("epochs").asInt(), m.get("dataset").asText(),
                    figures(metrics), m.get("createdAt").asText());
        }
        out().println("datasets:" + (s.get("datasets").isEmpty() ? " none" : ""));
        for (var d : s.get("datasets")) {
            var p = d.get("pieces");
            out().printf("  %s  %d train / %d valid / %d test pieces, %d steps%n", d.get("dataset").asText(),
                    p.get("train").asLong(), p.get("valid").asLong(), p.get("test").asLong(), d.get("steps").asLong());
        }
        var rej = s.get("rejections");
        out().println("rejections: " + rej.get("total").asInt() + (rej.get("byReason").isEmpty() ? "" : " " + rej.get("byReason")));
        out().println("consumer lag:" + (s.get("consumerGroups").isEmpty() ? " no groups" : ""));
        for (var g : s.get("consumerGroups")) {
            var lag = g.get("lag");
            if (lag.isEmpty()) out().println("  " + g.get("group").asText() + "  (nothing committed yet)");
            lag.properties().forEach(e -> out().println("  " + g.get("group").asText() + "  " + e.getKey() + "  " + e.getValue().asLong()));
        }
    }

    private static String figures(com.fasterxml.jackson.databind.JsonNode metrics) {
        StringBuilder b = new StringBuilder();
        append(b, metrics, "trainCost", "cost %.4f");
        append(b, metrics, "validNllPerStep", "valid NLL/step %.3f");
        append(b, metrics, "validFrameAccuracy", "accuracy %.3f");
        return b.toString().trim();
    }

    private static void append(StringBuilder b, com.fasterxml.jackson.databind.JsonNode metrics, String key, String format) {
        if (metrics != null && metrics.has(key)) b.append(String.format(Locale.ROOT, format, metrics.get(key).asDouble())).append("  ");
    }
}
