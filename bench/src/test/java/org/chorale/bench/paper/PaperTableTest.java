package org.chorale.bench.paper;

import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PaperTableTest {

    /** A tiny set in the benchmarks' JSON form: chord loops, so a tiny model learns them in a few epochs. */
    private static String tinyDataset() {
        int[][] chords = {{60, 64, 67}, {62, 65, 69}, {64, 67, 71}, {65, 69, 72}};
        StringBuilder json = new StringBuilder("{");
        String[] splits = {"train", "valid", "test"};
        int[] pieces = {6, 2, 2};
        for (int s = 0; s < splits.length; s++) {
            if (s > 0) json.append(',');
            json.append('"').append(splits[s]).append("\":[");
            for (int p = 0; p < pieces[s]; p++) {
                if (p > 0) json.append(',');
                json.append('[');
                for (int t = 0; t < 24; t++) {
                    if (t > 0) json.append(',');
                    int[] c = chords[(t + p) % chords.length];
                    json.append('[').append(c[0]).append(',').append(c[1]).append(',').append(c[2]).append(']');
                }
                json.append(']');
            }
            json.append(']');
        }
        return json.append('}').toString();
    }

    @Test
    void trainsEarlyStopsOnValidationAndReportsTheTestSplit(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data/tiny"));
        Files.writeString(dir.resolve("data/tiny/tiny.json"), tinyDataset());
        Path out = dir.resolve("out");
        PaperTable.main(new String[]{"--data", dir.resolve("data").toString(), "--sets", "tiny", "--out", out.toString(),
                "--hidden", "8", "--recurrent", "8", "--cd-k", "1", "--optimizer", "adam", "--learning-rate", "0.05",
                "--batch", "4", "--chunk", "12", "--epochs", "4", "--patience", "0", "--valid-samples", "0",
                "--ais-runs", "4", "--ais-temperatures", "20", "--accuracy-samples", "2"});

        Map<String, Object> r = PaperTable.JSON.readValue(out.resolve("tiny.json").toFile(),
                new TypeReference<LinkedHashMap<String, Object>>() {});
        assertEquals(4, r.get("epochsRun"));
        List<?> curve = (List<?>) r.get("curve");
        assertEquals(4, curve.size());
        @SuppressWarnings("unchecked") Map<String, Object> test = (Map<String, Object>) r.get("test");
        assertEquals(2, test.get("pieces"));
        assertEquals(48, ((Number) test.get("steps")).intValue());
        double nll = ((Number) test.get("nllPerStep")).doubleValue(), random = ((Number) r.get("randomNllPerStep")).doubleValue();
        assertEquals(88 * Math.log(2), random, 1e-9);
        // The best-on-validation model has learnt something: far better than coin flips for all 88 keys.
        assertTrue(nll < random - 20, "test NLL " + nll + " vs random " + random);
        assertNull(r.get("paper"), "no published figures for a made-up set");

        BufferedImage png = ImageIO.read(out.resolve("tiny-curves.png").toFile());
        assertEquals(900, png.getWidth());
        String md = Files.readString(out.resolve("paper-table.md"));
        assertTrue(md.contains("| tiny |"), md);
        assertTrue(Files.exists(out.resolve("paper-table.json")));
    }

    @Test
    void aSavedModelIsReMeasuredFromItsCheckpointWithoutTraining(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data/tiny"));
        Files.writeString(dir.resolve("data/tiny/tiny.json"), tinyDataset());
        Path out = dir.resolve("out");
        String[] common = {"--data", dir.resolve("data").toString(), "--sets", "tiny", "--out", out.toString(),
                "--ais-runs", "3", "--ais-temperatures", "10", "--accuracy-samples", "2", "--test-pieces", "1"};
        PaperTable.main(concat(common, "--name", "trained", "--save-model", "--hidden", "8", "--recurrent", "8",
                "--cd-k", "1", "--optimizer", "adam", "--learning-rate", "0.05", "--batch", "4", "--chunk", "12",
                "--epochs", "3", "--patience", "0", "--valid-samples", "0"));
        assertTrue(Files.size(out.resolve("trained.ckpt")) > 0);
        PaperTable.main(concat(common, "--name", "reloaded", "--checkpoint", out.resolve("trained.ckpt").toString()));

        Map<String, Object> trained = read(out.resolve("trained.json")), reloaded = read(out.resolve("reloaded.json"));
        assertEquals("trained.ckpt", trained.get("savedModel"));
        assertEquals(out.resolve("trained.ckpt").toString(), reloaded.get("evaluatedCheckpoint"));
        assertNull(reloaded.get("curve"), "nothing was trained in the checkpoint run");
        assertNull(reloaded.get("epochsRun"));
        @SuppressWarnings("unchecked") Map<String, Object> provenance = (Map<String, Object>) reloaded.get("checkpointProvenance");
        assertEquals(trained.get("bestEpoch"), provenance.get("epoch"));
        assertEquals(true, provenance.get("trainedOnThisTrainingSplit"));
        // The checkpoint is the best-on-validation model: same seed and settings give the same test figures.
        @SuppressWarnings("unchecked") Map<String, Object> t1 = (Map<String, Object>) trained.get("test");
        @SuppressWarnings("unchecked") Map<String, Object> t2 = (Map<String, Object>) reloaded.get("test");
        assertEquals(1, t1.get("pieces"));
        assertEquals(((Number) t1.get("nllPerStep")).doubleValue(), ((Number) t2.get("nllPerStep")).doubleValue(), 1e-9);
        assertEquals(((Number) t1.get("frameAccuracy")).doubleValue(), ((Number) t2.get("frameAccuracy")).doubleValue(), 1e-9);

        assertFalse(Files.exists(out.resolve("tiny.json")), "--name replaces the set's name in the outputs");
        assertTrue(Files.exists(out.resolve("trained-curves.png")));
        String md = Files.readString(out.resolve("paper-table.md"));
        assertTrue(md.contains("| trained (first 1 of 2 test pieces) |"), md);
        assertTrue(md.contains("| reloaded (first 1 of 2 test pieces) (loaded checkpoint) |"), md);
    }

    private static Map<String, Object> read(Path json) throws java.io.IOException {
        return PaperTable.JSON.readValue(json.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void theTablePutsOursBesideThePaperAndGivesTheGap() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("set", "jsb-chorales");
        r.put("test", Map.of("logLikelihoodPerStep", -7.0, "nllStandardError", 0.01, "frameAccuracy", 0.30, "seconds", 60.0));
        r.put("bernoulliTest", Map.of("nllPerStep", 11.06, "frameAccuracy", 0.1027));
        r.put("paper", Map.of("rnnRbmLl", -6.27, "rnnRbmAcc", 33.12, "bestLl", -5.56, "noteOneGramLl", -11.06, "randomLl", -61.0));
        r.put("randomNllPerStep", 61.0);
        r.put("config", Map.of("learningRate", 0.01, "optimizer", "adam", "momentum", 0.9, "cdK", 15, "pretrainEpochs", 5,
                "hidden", 150, "recurrent", 100, "batchSize", 16, "chunkLength", 100));
        r.put("testSettings", Map.of("aisRuns", 50, "aisTemperatures", 100, "accuracySamples", 20, "gibbsSteps", 25));
        r.put("epochsRun", 40); r.put("bestEpoch", 36); r.put("stopReason", "wall-time budget (24 min)");
        r.put("trainSeconds", 300.0); r.put("validSeconds", 900.0); r.put("wallSeconds", 1300.0); r.put("seed", 1);
        String md = TableWriter.markdown(new ArrayList<>(List.of(r)));
        assertTrue(md.contains("| jsb-chorales | -7.00 ± 0.01 | 30.00 | -6.27 / 33.12 | -5.56 | -11.06 | -61.00 | -11.06 / 10.27 | -0.73 |"), md);
        assertTrue(md.contains("| 40 (36) | wall-time budget (24 min) | 5.0 min / 15.0 min / 21.7 min |"), md);
    }

    @Test
    void optionsDefaultToThePapersSetup() {
        Options o = Options.parse(new String[]{"--cd-k", "25", "--sets", "nottingham"});
        assertEquals(150, o.config().hidden());
        assertEquals(100, o.config().recurrent());
        assertEquals(25, o.config().cdK());
        assertEquals(0.001, o.config().learningRate());
        assertEquals(List.of("nottingham"), o.sets());
        assertEquals(100, o.aisRuns());
        assertEquals(1000, o.aisTemperatures());
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--epochs"}));
        assertEquals(0, o.testPieceLimit());
        assertFalse(o.saveModel());
        assertNull(o.checkpoint());
        assertEquals("nottingham", o.outputName("nottingham"));
        assertEquals(1, o.config().stepsPerRbm());
        assertFalse(o.config().onsets());
    }

    @Test
    void optionsForVariantsSavedModelsAndReMeasures() {
        Options o = Options.parse(new String[]{"--sets", "jsb-chorales", "--steps-per-rbm", "4", "--onsets", "true",
                "--test-pieces", "20", "--save-model", "--name", "jsb-window4"});
        assertEquals(4, o.config().stepsPerRbm());
        assertTrue(o.config().onsets());
        assertTrue(o.saveModel());
        assertEquals("jsb-window4", o.outputName("jsb-chorales"));
        assertEquals(20, o.testPieceLimit());
        List<org.chorale.music.PianoRoll> five = java.util.Collections.nCopies(5, null);
        assertEquals(3, Options.parse(new String[]{"--test-pieces", "3"}).testPieces(five).size());
        assertEquals(5, o.testPieces(five).size(), "a limit above the split's size takes the whole split");

        Options reMeasure = Options.parse(new String[]{"--sets", "nottingham", "--checkpoint", "m.ckpt"});
        assertEquals(Path.of("m.ckpt"), reMeasure.checkpoint());
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--sets", "a,b", "--checkpoint", "m.ckpt"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--sets", "a,b", "--name", "x"}));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[]{"--sets", "a", "--checkpoint", "m.ckpt", "--save-model"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--onsets", "yes"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--test-pieces", "-1"}));
    }
}
