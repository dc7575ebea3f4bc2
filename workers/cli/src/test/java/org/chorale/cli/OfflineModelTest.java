package org.chorale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.chorale.model.Checkpoint;
import org.chorale.music.MidiOptions;
import org.chorale.music.MidiReader;
import org.chorale.music.MidiResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fit, eval and sample end to end on a tiny synthetic dataset written as JSON (the benchmark sets' format). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineModelTest {

    @TempDir static Path dir;
    static Path dataset;
    static Path checkpoint;

    /** A chord progression, transposed per piece: structure a small model picks up in a couple of epochs. */
    @BeforeAll static void writeDataset() throws Exception {
        int[][] progression = {{60, 64, 67}, {62, 65, 69}, {59, 62, 67}, {60, 64, 67}};
        Random random = new Random(3);
        StringBuilder json = new StringBuilder("{");
        String[] splits = {"train", "valid", "test"};
        int[] counts = {8, 2, 2};
        for (int s = 0; s < 3; s++) {
            json.append(s == 0 ? "" : ",").append('"').append(splits[s]).append("\":[");
            for (int piece = 0; piece < counts[s]; piece++) {
                int shift = random.nextInt(3);
                List<String> steps = new ArrayList<>();
                for (int t = 0; t < 32; t++) {
                    int[] chord = progression[(t / 2) % progression.length];
                    steps.add("[" + (chord[0] + shift) + "," + (chord[1] + shift) + "," + (chord[2] + shift) + "]");
                }
                json.append(piece == 0 ? "" : ",").append("[").append(String.join(",", steps)).append("]");
            }
            json.append("]");
        }
        json.append("}");
        dataset = Files.writeString(dir.resolve("chords.json"), json.toString());
        checkpoint = dir.resolve("chords.ckpt");
    }

    private static final String[] TINY = {"--lowest-pitch", "56", "--pitch-count", "20", "--hidden", "12", "--recurrent", "8",
            "--cd-k", "2", "--batch-size", "4", "--chunk-length", "16", "--optimizer", "adam", "--learning-rate", "0.01",
            "--validation-samples", "0"};

    @Test @Order(1) void fitTrainsAndWritesTheBestCheckpoint() {
        List<String> args = new ArrayList<>(List.of("fit", "--dataset", dataset.toString(), "--epochs", "3", "--seed", "5",
                "--out", checkpoint.toString(), "--json"));
        args.addAll(List.of(TINY));
        Run run = Run.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode result = run.json();
        JsonNode epochs = result.get("epochs");
        assertEquals(3, epochs.size());
        double first = epochs.get(0).get("validNllPerStep").asDouble(), last = epochs.get(2).get("validNllPerStep").asDouble();
        assertTrue(Double.isFinite(first) && first > 0, result.toString());
        double baseline = result.get("baselineNllPerStep").asDouble();
        assertTrue(Double.isFinite(baseline) && baseline > 0, result.toString());
        // the model learns the progression: better than where it started
        assertTrue(last < first, "valid NLL/step fell from " + first + " to " + last);
        // the written checkpoint is the best epoch's, with its figures and provenance
        Checkpoint saved = CheckpointFiles.read(checkpoint);
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        for (JsonNode e : epochs) if (e.get("validNllPerStep").asDouble() < best) { best = e.get("validNllPerStep").asDouble(); bestEpoch = e.get("epoch").asInt(); }
        assertEquals(bestEpoch, saved.epoch());
        assertEquals(best, saved.provenance().metrics().get("validNllPerStep"), 1e-9);
        assertEquals("chords", saved.provenance().modelId());
        assertEquals(20, saved.config().pitchCount());
        assertEquals(1, saved.config().stepsPerQuarter(), "the JSON set's grid is adopted");
    }

    @Test @Order(2) void evalReproducesTheValidationFiguresOfFit() {
        // exact log Z (12 hidden units) and mean-field accuracy: the figures are deterministic, so eval on the
        // valid split must give what fit stored in the checkpoint for that epoch
        Checkpoint saved = CheckpointFiles.read(checkpoint);
        Run run = Run.of("eval", "--checkpoint", checkpoint.toString(), "--dataset", dataset.toString(), "--split", "valid", "--json");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode r = run.json();
        assertEquals("exact", r.get("logZ").asText());
        assertEquals(saved.provenance().metrics().get("validNllPerStep"), r.get("nllPerStep").asDouble(), 1e-6, r.toString());
        assertEquals(saved.provenance().metrics().get("validFrameAccuracy"), r.get("frameAccuracy").asDouble(), 1e-9, r.toString());
        assertEquals(saved.provenance().metrics().get("baselineNllPerStep"), r.get("baseline").get("nllPerStep").asDouble(), 1e-9);
        assertEquals(2, r.get("pieces").asInt());
        assertEquals(64, r.get("steps").asInt());

        Run test = Run.of("eval", "--checkpoint", checkpoint.toString(), "--dataset", dataset.toString(), "--split", "test");
        assertEquals(0, test.exitCode(), test.toString());
        assertTrue(test.out().contains("NLL/step") && test.out().contains("Bernoulli"), test.out());
    }

    @Test @Order(3) void sampleWritesValidReproducibleMidi() throws Exception {
        Path out = dir.resolve("piece.mid");
        String[] args = {"sample", "--checkpoint", checkpoint.toString(), "--steps", "48", "--seed", "7", "--count", "2",
                "--qpm", "90", "--out", out.toString()};
        Run run = Run.of(args);
        assertEquals(0, run.exitCode(), run.toString());
        Path one = dir.resolve("piece-1.mid"), two = dir.resolve("piece-2.mid");
        assertTrue(Files.exists(one) && Files.exists(two), run.out());
        byte[] first = Files.readAllBytes(one);
        MidiResult parsed = MidiReader.read(first, MidiOptions.defaults().withStepsPerQuarter(1));
        assertTrue(parsed instanceof MidiResult.Parsed, "written MIDI parses: " + parsed);
        var summary = ((MidiResult.Parsed) parsed).summary();
        assertTrue(summary.noteCount() > 0, "the piece has notes");
        assertEquals(90.0, summary.tempoChanges().get(0).qpm(), 1e-3);
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(two)), "piece 2 uses seed 8");

        // same checkpoint, same seed: the same bytes
        assertEquals(0, Run.of(args).exitCode());
        assertArrayEquals(first, Files.readAllBytes(one));
    }
}
