package org.chorale.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.chorale.events.MidiSubmitted;
import org.chorale.events.PianoRoll;
import org.junit.jupiter.api.Test;

/** Real MIDI files and real benchmark sequences survive the codec byte for byte; skipped without ../shared/data. */
class RealDataRoundTripTest {

    private final EventCodec codec = EventCodec.standard();

    @Test
    void publicDomainMidiFilesRoundTrip() throws IOException {
        Path folder = SharedData.root().map(d -> d.resolve("public-domain")).orElse(null);
        assumeTrue(folder != null && Files.isDirectory(folder), "../shared/data is absent");
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(f -> f.toString().endsWith(".mid")).sorted().toList();
        }
        assertTrue(files.size() >= 5, "expected the public-domain pieces");
        for (Path file : files) {
            byte[] midi = Files.readAllBytes(file);
            MidiSubmitted event = MidiSubmitted.newBuilder().setPieceName(file.getFileName().toString())
                    .setDataset("public-domain").setMidi(ByteBuffer.wrap(midi)).build();

            byte[] bytes = codec.encode(event);
            MidiSubmitted decoded = codec.decode(bytes, MidiSubmitted.class).orElseThrow();

            assertEquals(ByteBuffer.wrap(midi), decoded.getMidi(), file.toString());
            assertTrue(bytes.length < midi.length + 100, "little overhead around the file");
        }
    }

    @Test
    void jsbChoralesBecomePianoRollsAndBack() throws IOException {
        Path json = SharedData.root().map(d -> d.resolve("benchmarks/jsb-chorales/jsb-chorales.json")).orElse(null);
        assumeTrue(json != null && Files.isRegularFile(json), "../shared/data is absent");
        JsonNode sets = new ObjectMapper().readTree(json.toFile());
        int pieces = 0;
        for (String split : List.of("train", "valid", "test")) {
            for (JsonNode sequence : sets.get(split)) {
                List<List<Integer>> steps = new ArrayList<>();
                for (JsonNode step : sequence) {
                    List<Integer> pitches = new ArrayList<>();
                    step.forEach(p -> pitches.add(p.asInt()));
                    steps.add(pitches);
                }
                PianoRoll roll = PianoRoll.newBuilder().setPieceId("jsb-" + split + "-" + pieces).setDataset("jsb")
                        .setName("chorale " + pieces).setSplit(split).setStepsPerQuarter(1).setLowestPitch(21)
                        .setPitchCount(88).setSteps(steps).build();

                assertEquals(roll, codec.decode(codec.encode(roll), PianoRoll.class).orElseThrow());
                pieces++;
            }
        }
        assertEquals(229 + 76 + 77, pieces);
    }
}
