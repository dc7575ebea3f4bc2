package org.chorale.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.chorale.runtime.testing.KafkaBrokerExtension;
import org.chorale.runtime.testing.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TopicsTest {

    private static final String MAX = String.valueOf(Topics.MAX_MESSAGE_BYTES);

    @Test
    void namesCarryThePrefix() {
        Topics topics = new Topics("test.");
        assertEquals("test.midi.ingest", topics.midiIngest());
        assertEquals("test.pianorolls", topics.pianorolls());
        assertEquals("test.midi.rejected", topics.midiRejected());
        assertEquals("test.training.epochs", topics.trainingEpochs());
        assertEquals("test.training.metrics", topics.trainingMetrics());
        assertEquals("test.models", topics.models());
        assertEquals("test.generation.requests", topics.generationRequests());
        assertEquals("test.compositions", topics.compositions());
        assertEquals("test.deadletter", topics.deadletter());
        assertEquals("chorale.models", Topics.standard().models());
        assertEquals(9, topics.specs().stream().map(Topics.Spec::name).distinct().count());
    }

    @Test
    void consumerGroupsAndTransactionalIdsArePerPrefixSoTwoFleetsStayApart() {
        assertEquals("chorale-ingest", Topics.standard().consumerGroup("ingest"), "the default names stay as documented");
        assertEquals("team-a-trainer", new Topics("team-a.").consumerGroup("trainer"));
        assertEquals("chorale-generator", new Topics("").consumerGroup("generator"));

        Map<String, String> a = Map.of("chorale.topic.prefix", "team-a.", "chorale.instance.id", "w1");
        Map<String, String> b = Map.of("chorale.topic.prefix", "team-b.", "chorale.instance.id", "w1");
        var settingsA = org.chorale.runtime.loop.LoopSettings.forRole("ingest", ChoraleConfig.of(a), List.of("x"));
        var settingsB = org.chorale.runtime.loop.LoopSettings.forRole("ingest", ChoraleConfig.of(b), List.of("x"));
        assertEquals("team-a-ingest", settingsA.groupId());
        assertEquals("team-a-ingest-w1", settingsA.transactionalId());
        assertNotEquals(settingsA.transactionalId(), settingsB.transactionalId(), "same instance id, no fencing across fleets");
    }

    @Test
    void ensureCreatesEveryTopicWithItsConfigsAndIsIdempotent(TestBroker broker) throws Exception {
        String prefix = broker.uniqueTopic("t") + ".";
        TopicSettings settings = new TopicSettings(prefix, 3, (short) 1);
        Topics topics = new Topics(prefix);

        try (Admin admin = broker.newAdmin()) {
            Topics.EnsureReport first = Topics.ensure(admin, settings);
            Topics.EnsureReport second = Topics.ensure(admin, settings);

            List<String> all = topics.specs().stream().map(Topics.Spec::name).toList();
            assertEquals(all, first.created());
            assertEquals(List.of(), first.existing());
            assertEquals(List.of(), second.created());
            assertEquals(all, second.existing());
            assertEquals(List.of(), second.differences());

            Map<String, TopicDescription> described = admin.describeTopics(all).allTopicNames().get(30, TimeUnit.SECONDS);
            described.values().forEach(d -> assertEquals(3, d.partitions().size(), d.name()));
            Map<String, Config> configs = admin.describeConfigs(all.stream()
                            .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList())
                    .all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
            for (String name : all) {
                assertEquals(MAX, configs.get(name).get("max.message.bytes").value(), name);
            }
            assertEquals("compact", configs.get(topics.pianorolls()).get("cleanup.policy").value());
            assertEquals("compact", configs.get(topics.models()).get("cleanup.policy").value());
            assertEquals("0.1", configs.get(topics.models()).get("min.cleanable.dirty.ratio").value());
            assertEquals("3600000", configs.get(topics.models()).get("segment.ms").value());
            assertEquals("delete", configs.get(topics.midiIngest()).get("cleanup.policy").value());
            assertEquals("delete", configs.get(topics.compositions()).get("cleanup.policy").value());
        }
    }

    @Test
    void ensureReportsAnExistingTopicWhoseConfigDiffers(TestBroker broker) throws Exception {
        String prefix = broker.uniqueTopic("d") + ".";
        TopicSettings settings = new TopicSettings(prefix, 2, (short) 1);
        Topics topics = new Topics(prefix);
        try (Admin admin = broker.newAdmin()) {
            Topics.ensure(admin, settings);
            ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, topics.models());
            admin.incrementalAlterConfigs(Map.of(models, List.of(new AlterConfigOp(
                    new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);

            Topics.EnsureReport report = Topics.ensure(admin, new TopicSettings(prefix, 4, (short) 1));

            assertTrue(report.differences().contains(topics.models() + ": cleanup.policy is delete, Chorale uses compact"),
                    report.differences().toString());
            assertTrue(report.differences().contains(topics.midiIngest() + ": 2 partitions, settings ask for 4"),
                    report.differences().toString());
            assertEquals(List.of(), report.created());
        }
    }
}
