package org.chorale.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.chorale.events.MidiRejected;
import org.chorale.events.PianoRoll;
import org.chorale.it.fleet.Fleet;
import org.chorale.it.fleet.FleetBroker;
import org.chorale.it.fleet.ProjectLayout;
import org.chorale.it.fleet.SharedBroker;
import org.chorale.it.fleet.TopicLog;
import org.chorale.it.fleet.WorkerProcess;
import org.chorale.it.fleet.WorkerProcess.Role;
import org.chorale.music.DemoCorpus;
import org.chorale.music.NamedMidi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 1: a mixed corpus through the ingest worker process — the bundled demo pieces, every file of
 * {@code ../shared/data/midi-edge} when present, random bytes, a 5 MB file and an empty record. Every input is
 * accounted for as exactly one piano roll or one rejection, matched by its source partition and offset.
 */
@ExtendWith(SharedBroker.class)
class MixedCorpusIngestTest {
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    /** One input: its key, its bytes, and what it must become ({@code null}: either outcome is fine). */
    private record Input(String key, byte[] value, Boolean mustParse) {}

    @Test
    void everyInputBecomesExactlyOneRollOrOneRejection(FleetBroker broker) throws IOException {
        List<Input> inputs = corpus();
        try (Fleet fleet = Fleet.create(broker, "ingest")) {
            WorkerProcess ingest = fleet.startWorker(Role.INGEST, "ingest");
            String topic = fleet.topics().midiIngest();
            Map<String, Input> bySource = new LinkedHashMap<>();
            for (Input in : inputs) {
                RecordMetadata m = fleet.send(topic, null, in.key(), in.value(), Map.of("dataset", "mixed"));
                bySource.put(m.topic() + "/" + m.partition() + "/" + m.offset(), in);
            }
            TopicLog rolls = fleet.log(fleet.topics().pianorolls());
            TopicLog rejected = fleet.log(fleet.topics().midiRejected());

            fleet.awaitConsumed(fleet.group("ingest"), topic, PATIENCE);
            Map<String, List<String>> outcomes = new TreeMap<>(); // source -> what it became
            for (ConsumerRecord<byte[], byte[]> r : rolls.readToEnd()) {
                PianoRoll roll = TopicLog.decode(r, PianoRoll.class);
                outcomes.computeIfAbsent(roll.getSource(), s -> new ArrayList<>()).add("roll " + roll.getPieceId());
            }
            Map<String, MidiRejected> rejections = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : rejected.readToEnd()) {
                MidiRejected rejection = TopicLog.decode(r, MidiRejected.class);
                String source = rejection.getSourceTopic() + "/" + rejection.getSourcePartition() + "/"
                        + rejection.getSourceOffset();
                outcomes.computeIfAbsent(source, s -> new ArrayList<>()).add("rejected " + rejection.getReason());
                rejections.put(source, rejection);
            }

            assertEquals(new TreeMap<>(bySource).keySet(), outcomes.keySet(), "inputs with an outcome");
            outcomes.forEach((source, what) -> assertEquals(1, what.size(),
                    bySource.get(source).key() + " (" + source + ") has " + what));
            int parsed = 0;
            for (var e : bySource.entrySet()) {
                boolean isRoll = outcomes.get(e.getKey()).get(0).startsWith("roll");
                if (isRoll) parsed++;
                if (e.getValue().mustParse() != null) {
                    assertEquals(e.getValue().mustParse(), isRoll, e.getValue().key() + ": " + outcomes.get(e.getKey()));
                }
                MidiRejected rejection = rejections.get(e.getKey());
                if (rejection != null) assertFalse(rejection.getDetail().isBlank(), "a rejection says why");
            }
            assertEquals(inputs.size(), parsed + rejections.size());
            assertTrue(parsed >= DemoCorpus.pieces().size(), "every demo piece parses");
            System.out.printf("mixed corpus: %d inputs -> %d piano rolls + %d rejections%n",
                    inputs.size(), parsed, rejections.size());
            ingest.stopGracefully();
        }
    }

    private static List<Input> corpus() throws IOException {
        List<Input> inputs = new ArrayList<>();
        for (NamedMidi piece : DemoCorpus.pieces()) inputs.add(new Input("demo/" + piece.name(), piece.bytes(), true));
        var edge = ProjectLayout.sharedData("midi-edge");
        if (edge.isPresent()) {
            try (Stream<Path> files = Files.list(edge.get())) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    inputs.add(new Input("edge/" + f.getFileName(), Files.readAllBytes(f), null));
                }
            }
        }
        Random random = new Random(7);
        for (int i = 0; i < 5; i++) {
            byte[] noise = new byte[1 + random.nextInt(4096)];
            random.nextBytes(noise);
            noise[0] = 'x'; // not "MThd", not '{', not the Avro magic: garbage, never a MIDI file by chance
            inputs.add(new Input("random-" + i, noise, false));
        }
        byte[] large = new byte[5 * 1024 * 1024];
        random.nextBytes(large);
        System.arraycopy("MThd".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, large, 0, 4);
        inputs.add(new Input("five-megabytes", large, false));
        inputs.add(new Input("empty", new byte[0], false));
        return inputs;
    }
}
