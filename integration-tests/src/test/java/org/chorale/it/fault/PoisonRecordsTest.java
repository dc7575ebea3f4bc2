package org.chorale.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.chorale.events.CompositionCompleted;
import org.chorale.events.CompositionFailed;
import org.chorale.events.DeadLetter;
import org.chorale.events.EpochCompleted;
import org.chorale.events.Hyperparameters;
import org.chorale.events.MidiRejected;
import org.chorale.events.PianoRoll;
import org.chorale.it.fleet.Fleet;
import org.chorale.it.fleet.FleetBroker;
import org.chorale.it.fleet.Models;
import org.chorale.it.fleet.SharedBroker;
import org.chorale.it.fleet.TopicLog;
import org.chorale.it.fleet.WorkerProcess;
import org.chorale.it.fleet.WorkerProcess.Role;
import org.chorale.music.DemoCorpus;
import org.chorale.schemas.EventCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 5: poison on every input topic — bad Avro, bad JSON, the wrong event type, a huge value — each ends as a
 * rejection, a failure or a dead letter that names its reason, and a good record sent after it on the same
 * partition is processed (the partition keeps moving).
 */
@ExtendWith(SharedBroker.class)
class PoisonRecordsTest {
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final int PARTITION = 0;
    private static final EventCodec CODEC = EventCodec.standard();

    /** The four kinds of poison, the same on every topic. */
    private static Map<String, byte[]> poison() {
        Map<String, byte[]> p = new LinkedHashMap<>();
        byte[] badAvro = new byte[64];
        new Random(1).nextBytes(badAvro);
        System.arraycopy(EventCodec.MAGIC, 0, badAvro, 0, EventCodec.MAGIC.length);
        p.put("bad-avro", badAvro);
        p.put("bad-json", "{\"requestId\": \"x\", \"modelId\": ".getBytes(StandardCharsets.UTF_8));
        p.put("wrong-schema", CODEC.encode(DeadLetter.newBuilder().setSourceTopic("t").setSourcePartition(0)
                .setSourceOffset(0).setReason(org.chorale.events.RejectReason.UNKNOWN).setDetail("not for you")
                .build()));
        byte[] huge = new byte[6 * 1024 * 1024];
        new Random(2).nextBytes(huge);
        huge[0] = '{'; // looks like JSON to every reader, is not
        p.put("huge", huge);
        return p;
    }

    @Test
    void poisonEndsWithAReasonAndThePartitionKeepsMoving(FleetBroker broker) {
        try (Fleet fleet = Fleet.create(broker, "poison")) {
            Hyperparameters h = Models.tiny(1);
            fleet.sendEvent(fleet.topics().models(), "m", Models.untrainedCheckpoint("m", h, 9));
            WorkerProcess ingest = fleet.startWorker(Role.INGEST, "ingest");
            WorkerProcess generator = fleet.startWorker(Role.GENERATOR, "generator");
            WorkerProcess trainer = fleet.startWorker(Role.TRAINER, "trainer");

            ingestTopic(fleet);
            generationTopic(fleet);
            trainingTopic(fleet, h);

            ingest.stopGracefully();
            generator.stopGracefully();
            trainer.stopGracefully();
        }
    }

    private static void ingestTopic(Fleet fleet) {
        String topic = fleet.topics().midiIngest();
        Map<Long, String> poisonAt = sendPoison(fleet, topic);
        long goodAt = fleet.send(topic, PARTITION, "good", DemoCorpus.pieces().get(0).bytes(),
                Map.of("dataset", "poison", "split", "train")).offset();
        fleet.awaitConsumed(fleet.group("ingest"), topic, PATIENCE);

        Map<Long, MidiRejected> rejected = new TreeMap<>();
        for (MidiRejected r : fleet.log(fleet.topics().midiRejected()).readToEnd().stream()
                .map(r -> TopicLog.decode(r, MidiRejected.class)).toList()) {
            assertEquals(PARTITION, r.getSourcePartition());
            rejected.put(r.getSourceOffset(), r);
        }
        assertEquals(poisonAt.keySet(), rejected.keySet(), "one rejection per poison record " + poisonAt);
        rejected.forEach((offset, r) -> assertReason(poisonAt.get(offset), r.getReason(), r.getDetail()));
        List<PianoRoll> rolls = fleet.log(fleet.topics().pianorolls()).readToEnd().stream()
                .map(r -> TopicLog.decode(r, PianoRoll.class)).toList();
        assertEquals(List.of(topic + "/" + PARTITION + "/" + goodAt), rolls.stream().map(PianoRoll::getSource).toList());
    }

    private static void generationTopic(Fleet fleet) {
        String topic = fleet.topics().generationRequests();
        Map<Long, String> poisonAt = sendPoison(fleet, topic);
        // well-formed but unanswerable: far longer than the generator allows, and a model nobody trained
        poisonAt.put(fleet.send(topic, PARTITION, "too-long", CODEC.encode(
                Models.shortRequest("too-long", "m", 50_000_000)), Map.of()).offset(), "too-long");
        poisonAt.put(fleet.send(topic, PARTITION, "no-model", CODEC.encode(
                Models.shortRequest("no-model", "nobody", 16)), Map.of()).offset(), "no-model");
        fleet.send(topic, PARTITION, "good", CODEC.encode(Models.shortRequest("good", "m", 16)), Map.of());
        fleet.awaitConsumed(fleet.group("generator"), topic, PATIENCE);

        Map<String, Integer> perKey = new TreeMap<>();
        TopicLog answers = fleet.log(fleet.topics().compositions());
        for (ConsumerRecord<byte[], byte[]> r : answers.readToEnd()) perKey.merge(Answers.key(r), 1, Integer::sum);
        Map<String, Integer> expected = new TreeMap<>();
        poisonAt.values().forEach(k -> expected.put(k, 1));
        expected.put("good", 1);
        assertEquals(expected, perKey, "one answer per request record, keyed by its record key");
        for (CompositionFailed f : answers.events(CompositionFailed.class)) assertReason(f.getRequestId(), f.getReason(), f.getDetail());
        List<CompositionCompleted> completed = answers.events(CompositionCompleted.class);
        assertEquals(List.of("good"), completed.stream().map(CompositionCompleted::getRequestId).toList());
    }

    private static void trainingTopic(Fleet fleet, Hyperparameters h) {
        String topic = fleet.topics().trainingEpochs();
        // the good request trains on the good piece ingested above; wait for it to be committed
        fleet.log(fleet.topics().pianorolls()).awaitUntil("the good piece", PATIENCE, r -> !r.isEmpty());
        Map<Long, String> poisonAt = sendPoison(fleet, topic);
        // a well-formed request that makes no sense (epoch 5 of a model that has none) is poison too
        long nonsense = fleet.send(topic, PARTITION, "nonsense", CODEC.encode(
                org.chorale.events.EpochRequested.newBuilder(Models.firstEpoch("nonsense", "poison", h, 1)).setEpoch(5)
                        .build()), Map.of()).offset();
        poisonAt.put(nonsense, "nonsense");
        fleet.send(topic, PARTITION, "good", CODEC.encode(Models.firstEpoch("good", "poison", h, 1)), Map.of());
        fleet.awaitConsumed(fleet.group("trainer"), topic, PATIENCE);

        Map<Long, DeadLetter> letters = new TreeMap<>();
        for (DeadLetter d : fleet.log(fleet.topics().deadletter()).readToEnd().stream()
                .map(r -> TopicLog.decode(r, DeadLetter.class)).toList()) {
            assertEquals(topic, d.getSourceTopic(), "only the trainer dead-letters in this fleet");
            assertEquals(PARTITION, d.getSourcePartition());
            letters.put(d.getSourceOffset(), d);
        }
        assertEquals(poisonAt.keySet(), letters.keySet(), "one dead letter per poison record " + poisonAt);
        letters.forEach((offset, d) -> assertReason(poisonAt.get(offset), d.getReason(), d.getDetail()));
        List<EpochCompleted> epochs = fleet.log(fleet.topics().trainingMetrics()).readToEnd().stream()
                .map(r -> TopicLog.decode(r, EpochCompleted.class)).toList();
        assertEquals(List.of("good/1"), epochs.stream().map(e -> e.getModelId() + "/" + e.getEpoch()).toList());
    }

    /** Sends the poison to {@link #PARTITION}, keyed by its kind; returns offset → kind. */
    private static Map<Long, String> sendPoison(Fleet fleet, String topic) {
        Map<Long, String> at = new TreeMap<>();
        poison().forEach((kind, value) -> {
            RecordMetadata m = fleet.send(topic, PARTITION, kind, value, Map.of());
            at.put(m.offset(), kind);
        });
        return at;
    }

    private static void assertReason(String what, Object reason, String detail) {
        assertNotNull(reason, what + " has a reason");
        assertFalse(detail == null || detail.isBlank(), what + " says why: " + reason);
        System.out.printf("poison %s -> %s: %s%n", what, reason, detail.length() > 120 ? detail.substring(0, 120) + "..." : detail);
    }
}
