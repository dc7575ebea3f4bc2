package org.chorale.music;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "jsb-chorales/JSB Chorales.pickle, jsb-chorales/jsb-chorales.json, jsb-chorales, 229, 76, 77, 43, 96",
            "nottingham/Nottingham.pickle, nottingham/nottingham.json, nottingham, 694, 173, 170, 31, 93",
            "piano-midi-de/Piano-midi.de.pickle, piano-midi-de/piano-midi-de.json, piano-midi-de, 87, 12, 25, 21, 108"})
    void benchmarkSetsHaveThePublishedSplitsAndPickleEqualsJson(String pickle, String json, String name, int train,
                                                                int valid, int test, int lowest, int highest) throws IOException {
        DatasetLoad fromPickle = Datasets.load(TestData.require("benchmarks/" + pickle), DatasetOptions.defaults());
        DatasetLoad fromJson = Datasets.load(TestData.require("benchmarks/" + json), DatasetOptions.defaults());
        Dataset d = fromPickle.dataset();
        assertEquals(name, d.name());
        assertEquals(List.of(train, valid, test), List.of(d.train().size(), d.valid().size(), d.test().size()));
        assertEquals(fromJson.dataset(), d, "pickle and JSON give identical rolls");
        assertEquals(0, fromPickle.pitchesDropped());
        assertEquals(name + "/valid/3", d.valid().get(3).name());
        int lo = 128, hi = -1;
        for (PianoRoll r : d.all()) {
            assertEquals(1, r.stepsPerQuarter());
            assertFalse(r.hasOnsets(), "these sets do not record onsets");
            for (int t = 0; t < r.length(); t++)
                for (int p : r.pitchesAt(t)) { lo = Math.min(lo, p); hi = Math.max(hi, p); }
        }
        assertEquals(List.of(lowest, highest), List.of(lo, hi), "pitch span of the set");
        assertEquals(Datasets.fingerprint(fromJson.dataset().train()), Datasets.fingerprint(d.train()));
    }

    @Test void aNarrowerRangeDropsAndCountsPitches() throws IOException {
        DatasetLoad narrow = Datasets.load(TestData.require("benchmarks/jsb-chorales/jsb-chorales.json"),
                DatasetOptions.defaults().withRange(48, 36).withSequenceStepsPerQuarter(2));
        assertTrue(narrow.pitchesDropped() > 0);
        PianoRoll first = narrow.dataset().train().get(0);
        assertEquals(2, first.stepsPerQuarter());
        assertEquals(48, first.lowestPitch());
    }

    @Test void midiFoldersOfTheBenchmarksHaveThePublishedSplits() throws IOException {
        DatasetLoad nottingham = Datasets.load(TestData.require("benchmarks/nottingham/midi"), DatasetOptions.defaults());
        Dataset d = nottingham.dataset();
        assertEquals("nottingham", d.name(), "a folder called midi is named after its parent");
        assertEquals(List.of(694, 173, 170), List.of(d.train().size(), d.valid().size(), d.test().size()));
        assertEquals(List.of(), nottingham.rejections());
        assertEquals(4, d.train().get(0).stepsPerQuarter());
        Path first = nottingham.files().get("nottingham/train/0");
        assertEquals("train", first.getParent().getFileName().toString());
        DatasetLoad piano = Datasets.load(TestData.require("benchmarks/piano-midi-de/midi"), DatasetOptions.defaults());
        assertEquals(List.of(87, 12, 25), List.of(piano.dataset().train().size(), piano.dataset().valid().size(),
                piano.dataset().test().size()));
    }

    @Test void aMidiFolderWithSplitsListsRefusedFilesAndKeepsIndices(@TempDir Path dir) throws IOException {
        Path train = Files.createDirectories(dir.resolve("my set/train"));
        Path test = Files.createDirectories(dir.resolve("my set/test"));
        byte[] good = Smf.single(96, Smf.track().note(0, 96, 60).end(96));
        Files.write(train.resolve("b.mid"), good);
        Files.write(train.resolve("a.mid"), "not midi".getBytes());
        Files.write(train.resolve("c.MIDI"), good);
        Files.write(train.resolve("notes.txt"), "ignored".getBytes());
        Files.write(test.resolve("z.kar"), good);
        DatasetLoad load = Datasets.load(dir.resolve("my set"), DatasetOptions.defaults());
        Dataset d = load.dataset();
        assertEquals("my-set", d.name());
        assertEquals(List.of("my-set/train/1", "my-set/train/2"), d.train().stream().map(PianoRoll::name).toList());
        assertEquals(List.of(), d.valid());
        assertEquals(List.of("my-set/test/0"), d.test().stream().map(PianoRoll::name).toList());
        assertEquals(1, load.rejections().size());
        DatasetLoad.Rejection r = load.rejections().get(0);
        assertEquals(train.resolve("a.mid"), r.file());
        assertEquals("train", r.split());
        assertEquals(MidiError.Reason.NOT_MIDI, r.error().reason());
        assertEquals(train.resolve("c.MIDI"), load.files().get("my-set/train/2"));
    }

    @Test void aMidiFolderWithoutSplitsGoesToTrain(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("one.mid"), Smf.single(96, Smf.track().note(0, 96, 60).end(96)));
        DatasetLoad load = Datasets.load(dir, DatasetOptions.defaults().withName("custom"));
        assertEquals(List.of("custom/train/0"), load.dataset().train().stream().map(PianoRoll::name).toList());
        assertEquals(1, load.dataset().size());
    }

    @Test void oversizedFilesAreRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("big.mid"), new byte[2048]);
        DatasetOptions small = DatasetOptions.defaults().withMidi(MidiOptions.defaults().withLimits(MidiLimits.defaults().withMaxBytes(1024)));
        DatasetLoad load = Datasets.load(dir, small);
        assertEquals(MidiError.Reason.TOO_LARGE, load.rejections().get(0).error().reason());
    }

    @Test void jsonPitchesOutsideTheRangeAreDroppedAndCounted(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("Tiny Set.json");
        Files.writeString(f, "{\"train\": [[[60, 64], [], [10, 60.0]]], \"test\": [], \"extra\": {\"x\": [1]}}");
        DatasetLoad load = Datasets.load(f, DatasetOptions.defaults());
        assertEquals("tiny-set", load.dataset().name());
        assertEquals(1, load.pitchesDropped());
        PianoRoll r = load.dataset().train().get(0);
        assertArrayEquals(new int[][] {{60, 64}, {}, {60}}, r.steps());
        assertEquals(List.of(), load.dataset().valid());
    }

    @Test void malformedFilesAreIoErrorsThatSayWhere(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"train\": [[[60, \"x\"]]]}");
        IOException e = assertThrows(IOException.class, () -> Datasets.load(bad, DatasetOptions.defaults()));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
        Path cut = Files.writeString(dir.resolve("cut.json"), "{\"train\": [[[60");
        assertThrows(IOException.class, () -> Datasets.load(cut, DatasetOptions.defaults()));
        Path notPickle = Files.write(dir.resolve("x.pickle"), new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> Datasets.load(notPickle, DatasetOptions.defaults()));
        Path other = Files.writeString(dir.resolve("x.csv"), "60,64");
        assertThrows(IOException.class, () -> Datasets.load(other, DatasetOptions.defaults()));
    }

    @Test void splitByName() {
        PianoRoll a = PianoRoll.builder().name("a").build(), b = PianoRoll.builder().name("b").build();
        Dataset d = new Dataset("d", List.of(a), List.of(b), List.of());
        assertEquals(List.of(a), d.split("train"));
        assertEquals(List.of(b), d.split("valid"));
        assertEquals(List.of(), d.split("test"));
        assertThrows(IllegalArgumentException.class, () -> d.split("dev"));
        assertEquals(List.of(a, b), d.all());
    }

    @Test void fingerprintsFollowContentAndOrderNotNames() {
        PianoRoll x = PianoRoll.builder().name("x").steps(new int[][] {{60}}).build();
        PianoRoll y = PianoRoll.builder().name("y").steps(new int[][] {{62}}).build();
        String xy = Datasets.fingerprint(List.of(x, y));
        assertEquals(32, xy.length());
        assertEquals(xy, Datasets.fingerprint(List.of(x.toBuilder().name("renamed").build(), y)));
        assertNotEquals(xy, Datasets.fingerprint(List.of(y, x)));
        assertNotEquals(xy, Datasets.fingerprint(List.of(x)));
        assertNotEquals(Datasets.fingerprint(List.of()), Datasets.fingerprint(new ArrayList<>(List.of(x))));
    }
}
