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

    @Test @Order(4) void sampleHonoursAnInlinePrimerAndTheMusicalFrameAndSaysHowItWasMade() throws Exception {
        Path out = dir.resolve("primed.mid");
        Run run = Run.of("sample", "--checkpoint", checkpoint.toString(), "--bars", "2", "--time-signature", "3/4",
                "--primer-pitches", "60,64,67;60,64,67;;62", "--include-primer", "--seed", "11", "--gibbs", "5",
                "--temperature", "0.9", "--program", "19", "--velocity", "100", "--scale", "C major", "--png",
                "--json", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        byte[] midi = Files.readAllBytes(out);
        var check = org.chorale.music.MidiValidator.check(midi);
        assertTrue(check.valid(), "all notes closed, none of zero length, tempo, metre, end of track: " + check);
        var parsed = (MidiResult.Parsed) MidiReader.read(midi, MidiOptions.defaults().withStepsPerQuarter(1));
        var roll = parsed.roll();
        assertEquals(3, roll.timeSignatureNumerator());
        assertEquals(4 + 6, roll.length(), "the primer (4 steps) then two 3/4 bars at one step per quarter");
        assertArrayEquals(new int[] {60, 64, 67}, roll.pitchesAt(0), "the primer opens the piece");
        assertArrayEquals(new int[] {62}, roll.pitchesAt(3));
        for (int t = 4; t < roll.length(); t++)
            for (int p : roll.pitchesAt(t))
                assertTrue(java.util.Arrays.binarySearch(new int[] {0, 2, 4, 5, 7, 9, 11}, p % 12) >= 0, "in C major: " + p);
        String text = new String(midi, java.nio.charset.StandardCharsets.ISO_8859_1);
        JsonNode r = Json.mapper().readTree(run.out());
        String metadata = r.get("metadata").asText();
        assertTrue(text.contains(metadata), "the file carries the metadata the command reports: " + metadata);
        assertTrue(metadata.contains("seed=11") && metadata.contains("gibbs=5 temperature=0.9")
                && metadata.contains("timeSignature=3/4 program=19 velocity=100") && metadata.contains("scale=C major"), metadata);
        assertEquals(0, r.get("stats").get("hanging_notes").asInt());
        assertTrue(Files.size(dir.resolve("primed.png")) > 0, "the piano roll is drawn beside the MIDI");
    }

    @Test @Order(5) void statsCompareGeneratedWithTheCorpusStatisticByStatistic() throws Exception {
        Path pictures = Files.createDirectories(dir.resolve("pictures"));
        Run run = Run.of("stats", "--dataset", dataset.toString(), "--split", "train", "--checkpoint", checkpoint.toString(),
                "--samples", "4", "--steps", "32", "--gibbs", "5", "--json", "--png", pictures.toString(), "--png-pieces", "2");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode r = Json.mapper().readTree(run.out());
        for (String stat : List.of("polyphony_mean", "polyphony_max", "empty_frame_rate", "onsets_per_frame", "unique_pitches",
                "pitch_range", "scale_consistency", "note_length_mean", "repeated_bar_rate", "hanging_notes",
                "invalid_states", "pitch_class_C", "pitch_class_B")) {
            assertTrue(r.get("corpus").has(stat) && r.get("generated").has(stat), stat);
            assertTrue(r.get("relativeDifference").has(stat), stat);
        }
        assertEquals(3.0, r.get("corpus").get("polyphony_mean").asDouble(), 1e-9, "every corpus step is a triad");
        double g = r.get("generated").get("polyphony_mean").asDouble();
        assertEquals((g - 3.0) / 3.0, r.get("relativeDifference").get("polyphony_mean").asDouble(), 1e-9);
        assertEquals(8, r.get("corpusPieces").asInt());
        for (String f : List.of("corpus-1.png", "corpus-2.png", "generated-1.png", "generated-2.png"))
            assertTrue(Files.size(pictures.resolve(f)) > 0, f);

        // --steps corpus: one generated piece per corpus piece, each as long as its corpus piece.
        Run matched = Run.of("stats", "--dataset", dataset.toString(), "--split", "train", "--checkpoint", checkpoint.toString(),
                "--samples", "8", "--steps", "corpus", "--gibbs", "5", "--json");
        assertEquals(0, matched.exitCode(), matched.toString());
        JsonNode m = Json.mapper().readTree(matched.out());
        assertEquals(8, m.get("generatedPieces").asInt());
        assertEquals(m.get("corpusSteps").asLong(), m.get("generatedSteps").asLong(), "same total length");
        assertTrue(m.get("corpusSteps").asLong() > 0);

        // --excerpts: the corpus cut into passages as long as the generated pieces.
        Run cut = Run.of("stats", "--dataset", dataset.toString(), "--split", "train", "--checkpoint", checkpoint.toString(),
                "--samples", "2", "--steps", "4", "--gibbs", "5", "--excerpts", "--json");
        assertEquals(0, cut.exitCode(), cut.toString());
        JsonNode e = Json.mapper().readTree(cut.out());
        long cutSteps = e.get("corpusSteps").asLong(), wholeSteps = m.get("corpusSteps").asLong();
        assertEquals(4 * e.get("corpusPieces").asLong(), cutSteps, "every excerpt is 4 steps long");
        assertTrue(cutSteps <= wholeSteps && cutSteps > wholeSteps - 8 * 4, "at most 3 steps dropped per piece: "
                + cutSteps + " of " + wholeSteps);
        assertEquals(8, e.get("generatedSteps").asLong());

        Run table = Run.of("stats", "--dataset", dataset.toString(), "--split", "train", "--checkpoint", checkpoint.toString(),
                "--samples", "2", "--steps", "16", "--gibbs", "5");
        assertEquals(0, table.exitCode(), table.toString());
        assertTrue(table.out().contains("rel. diff") && table.out().contains("scale_consistency")
                && table.out().contains("pitch_class_G"), table.out());
    }

    /**
     * --keep-best music writes the epoch whose samples came closest to the training corpus: the epoch with the
     * smallest worst relative difference among those it printed, that value in the checkpoint's provenance.
     */
    @Test @Order(6) void fitCanKeepTheEpochWhoseSamplesAreClosestToTheCorpus() {
        Path chosen = dir.resolve("chords-music.ckpt");
        List<String> args = new ArrayList<>(List.of("fit", "--dataset", dataset.toString(), "--epochs", "8", "--seed", "5",
                "--valid-split", "none", "--keep-best", "music", "--music-samples", "6", "--music-steps", "16",
                "--out", chosen.toString(), "--json"));
        // a step size large enough that the samples get closer and further again: the best epoch is not the last
        for (String a : TINY) args.add("0.01".equals(a) ? "0.2" : a);
        Run run = Run.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode result = run.json();
        assertEquals("best-music", result.get("chosen").asText(), result.toString());
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        for (JsonNode e : result.get("epochs")) {
            double worst = e.get("musicWorstRelativeDifference").asDouble();
            double max = 0;
            for (JsonNode d : e.get("musicRelativeDifference")) max = Math.max(max, Math.abs(d.asDouble()));
            assertEquals(max, worst, 1e-12, "the worst of the five statistics: " + e);
            assertEquals(5, e.get("musicRelativeDifference").size(), e.toString());
            if (worst < best) { best = worst; bestEpoch = e.get("epoch").asInt(); }
        }
        assertTrue(bestEpoch < 8, "keeping the last epoch would pass this test too: " + result);
        Checkpoint saved = CheckpointFiles.read(chosen);
        assertEquals(bestEpoch, saved.epoch(), result.toString());
        assertEquals(best, saved.provenance().metrics().get("musicWorstRelativeDifference"), 1e-12);

        Run refused = Run.of("fit", "--dataset", dataset.toString(), "--epochs", "1", "--keep-best", "prettiest",
                "--out", dir.resolve("x.ckpt").toString());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("--keep-best must be valid, music or last"), refused.toString());
    }
}
