package org.chorale.music;

import static org.chorale.music.Rolls.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Writing rolls as MIDI: valid files, and a round trip MIDI → roll → MIDI → roll that is exact on the grid. */
class MidiWriterTest {

    /** Writes {@code roll} and reads it back on its own grid and range. */
    static PianoRoll roundTrip(PianoRoll roll, MidiWriteOptions options) {
        byte[] midi = MidiWriter.write(roll, options);
        MidiCheck check = MidiValidator.check(midi);
        assertTrue(check.valid(), () -> "written file is not valid: " + check);
        MidiOptions read = MidiOptions.matching(roll).withKeepOnsets(true);
        return parsed(midi, read).roll();
    }

    static void assertSameMusic(PianoRoll expected, PianoRoll actual) {
        assertEquals(expected.length(), actual.length(), "length");
        assertArrayEquals(expected.steps(), actual.steps(), "sounding pitches");
        for (int t = 0; t < expected.length(); t++)
            assertArrayEquals(expected.onsetsAt(t), actual.onsetsAt(t), "onsets at step " + t);
        assertEquals(expected.stepsPerQuarter(), actual.stepsPerQuarter());
        assertEquals(expected.timeSignatureNumerator(), actual.timeSignatureNumerator());
        assertEquals(expected.timeSignatureDenominator(), actual.timeSignatureDenominator());
        assertEquals(expected.qpm(), actual.qpm(), expected.qpm() * 1e-5, "tempo (stored in whole microseconds)");
    }

    @ParameterizedTest(name = "{0} steps/quarter, ppq {1}, onsets {2}")
    @CsvSource({"4,480,true", "4,480,false", "1,480,true", "3,480,true", "12,480,true", "7,480,true", "4,4,true", "2,96,false"})
    void randomRollsSurviveTheRoundTripExactly(int spq, int ppq, boolean onsets) {
        Random rnd = new Random(42L * spq + ppq);
        for (int i = 0; i < 20; i++) {
            PianoRoll roll = RandomRolls.roll(rnd, 1 + rnd.nextInt(200), spq, 21 + rnd.nextInt(20), 20 + rnd.nextInt(40), onsets);
            PianoRoll back = roundTrip(roll, MidiWriteOptions.defaults().withPpq(ppq));
            assertSameMusic(roll, back);
            // and once more: MIDI → roll → MIDI → roll
            assertSameMusic(back, roundTrip(back, MidiWriteOptions.defaults().withPpq(ppq)));
        }
    }

    @Test void leadingAndTrailingSilenceAndRestrikesAreKept() {
        int[][] steps = {{}, {}, {60}, {60}, {60, 64}, {60, 64}, {}, {}, {}};
        int[][] onsets = {{}, {}, {60}, {60}, {64}, {60}, {}, {}, {}};
        PianoRoll roll = PianoRoll.builder().steps(steps).onsets(onsets).timeSignature(3, 4).qpm(100).build();
        PianoRoll back = roundTrip(roll, MidiWriteOptions.defaults());
        assertSameMusic(roll, back);
        assertEquals(List.of("60@2+1", "60@3+2", "64@4+2", "60@5+1"), notes(back));
        // The re-strike at step 5 is written as note-off then note-on at the same tick.
        assertEquals(List.of("C0 0", "90 60 80", "80 60 64", "90 60 80", "90 64 80", "80 60 64", "90 60 80", "80 60 64",
                "80 64 64"), EventLog.of(MidiWriter.write(roll, MidiWriteOptions.defaults())).channel);
    }

    @Test void theFileCarriesTempoMeterMetadataProgramAndVelocity() {
        PianoRoll roll = PianoRoll.builder().name("Étude").steps(new int[][] {{60}, {60}, {}}).qpm(90).timeSignature(6, 8).build();
        byte[] midi = MidiWriter.write(roll, MidiWriteOptions.defaults().withProgram(41).withVelocity(99).withChannel(2)
                .withMetadata("chorale model=demo version=3 seed=42").withTrackName("Violin").withQpm(75.0));
        EventLog log = EventLog.of(midi);
        assertEquals(1, log.format);
        assertEquals(2, log.tracks);
        assertEquals(List.of("Étude", "Violin"), log.names);
        assertEquals(List.of("chorale model=demo version=3 seed=42"), log.texts);
        assertEquals(List.of(800_000), log.tempos); // 75 qpm
        assertEquals(List.of("6/8"), log.meters);
        assertEquals(List.of("C2 41", "92 60 99", "82 60 64"), log.channel);
        MidiResult.Parsed p = parsed(midi, MidiOptions.defaults());
        assertEquals(75.0, p.roll().qpm(), 1e-9);
    }

    @Test void withoutATempoOptionTheRollsTempoIsWritten() {
        PianoRoll roll = PianoRoll.builder().steps(new int[][] {{60}}).qpm(132).build();
        assertEquals(132.0, parsed(MidiWriter.write(roll, MidiWriteOptions.defaults()), MidiOptions.defaults()).roll().qpm(), 1e-3);
    }

    @Test void everyNoteIsClosedAtTheEndOfTheRoll() {
        PianoRoll roll = PianoRoll.builder().steps(new int[][] {{60, 64, 67}, {60, 64, 67}}).build();
        byte[] midi = MidiWriter.write(roll, MidiWriteOptions.defaults());
        MidiCheck check = MidiValidator.check(midi);
        assertEquals(new MidiCheck(null, 2, 3, 0, 0, true, true, true, 0), check);
        assertEquals(List.of("C0 0", "90 60 80", "90 64 80", "90 67 80", "80 60 64", "80 64 64", "80 67 64"),
                EventLog.of(midi).channel);
    }

    @Test void anEmptyRollIsAValidFileWithNoNotes() {
        byte[] midi = MidiWriter.write(PianoRoll.builder().steps(new int[4][]).build(), MidiWriteOptions.defaults());
        MidiCheck check = MidiValidator.check(midi);
        assertTrue(check.valid(), check.toString());
        assertEquals(0, check.noteOns());
        assertEquals(MidiError.Reason.NO_NOTES, rejected(midi).reason());
    }

    @Test void impossibleSettingsAreRefused() {
        PianoRoll fine = PianoRoll.builder().stepsPerQuarter(8).steps(new int[][] {{60}}).build();
        assertThrows(IllegalArgumentException.class, () -> MidiWriter.write(fine, MidiWriteOptions.defaults().withPpq(4)));
        PianoRoll oddMeter = PianoRoll.builder().steps(new int[][] {{60}}).timeSignature(3, 5).build();
        assertThrows(IllegalArgumentException.class, () -> MidiWriter.write(oddMeter, MidiWriteOptions.defaults()));
        assertThrows(IllegalArgumentException.class, () -> MidiWriteOptions.defaults().withVelocity(0));
        assertThrows(IllegalArgumentException.class, () -> MidiWriteOptions.defaults().withProgram(128));
    }

    @Test void theDemoPiecesSurviveTheRoundTripExactly() {
        for (NamedMidi m : DemoCorpus.pieces()) {
            PianoRoll roll = parsed(m.bytes(), MidiOptions.defaults()).roll();
            assertSameMusic(roll, roundTrip(roll, MidiWriteOptions.defaults()));
        }
    }

    @Test void aSampleOfNottinghamSurvivesTheRoundTripExactly() throws IOException {
        Path dir = TestData.require("benchmarks/nottingham/midi/train");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) { files = s.sorted().toList(); }
        int checked = 0;
        for (int i = 0; i < files.size(); i += 7) { // every 7th tune: about 100 files
            PianoRoll roll = parsed(Files.readAllBytes(files.get(i)), MidiOptions.defaults()).roll();
            assertSameMusic(roll, roundTrip(roll, MidiWriteOptions.defaults()));
            checked++;
        }
        assertTrue(checked >= 90, "checked " + checked);
    }

    @Test void piecesWithTempoChangesSurviveTheRoundTripOnTheGrid() throws IOException {
        Path dir = TestData.require("benchmarks/piano-midi-de/midi/test");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().limit(5).toList()) {
                MidiResult.Parsed p = parsed(Files.readAllBytes(f), MidiOptions.defaults());
                assertTrue(p.summary().tempoChanges().size() > 1, f + " has tempo changes");
                assertSameMusic(p.roll(), roundTrip(p.roll(), MidiWriteOptions.defaults()));
            }
        }
    }

    /** What a file holds, in readable strings, for asserting on written bytes. */
    static final class EventLog implements SmfHandler {
        int format, tracks;
        final List<String> names = new ArrayList<>(), texts = new ArrayList<>(), meters = new ArrayList<>(),
                channel = new ArrayList<>();
        final List<Integer> tempos = new ArrayList<>();

        static EventLog of(byte[] midi) {
            EventLog log = new EventLog();
            SmfParser.parse(midi, MidiLimits.defaults(), log);
            return log;
        }

        @Override public void header(int format, int declaredTracks, Division division) { this.format = format; }
        @Override public void trackStart(int track) { tracks++; }
        @Override public void trackEnd(int track, long endTick, boolean endOfTrackSeen) { assertTrue(endOfTrackSeen); }

        @Override public void channelEvent(long tick, int status, int data1, int data2) {
            channel.add(String.format("%02X %d", status, data1) + ((status & 0xE0) == 0xC0 ? "" : " " + data2));
        }

        @Override public void metaEvent(long tick, int type, byte[] data, int offset, int length) {
            String text = new String(data, offset, length, StandardCharsets.UTF_8);
            switch (type) {
                case 0x03 -> names.add(text);
                case 0x01 -> texts.add(text);
                case 0x51 -> tempos.add((data[offset] & 0xFF) << 16 | (data[offset + 1] & 0xFF) << 8 | (data[offset + 2] & 0xFF));
                case 0x58 -> meters.add((data[offset] & 0xFF) + "/" + (1 << data[offset + 1]));
                default -> { }
            }
        }
    }
}
