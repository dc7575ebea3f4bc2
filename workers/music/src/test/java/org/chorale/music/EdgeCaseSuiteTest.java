package org.chorale.music;

import static org.chorale.music.MidiError.Reason.*;
import static org.chorale.music.Rolls.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The 72 files of jazz-soft/test-midi-files (../shared/data/midi-edge, skipped when absent): every one parses or is
 * refused with a reason, the broken ones for the right reason, and the valid ones with the right notes.
 */
class EdgeCaseSuiteTest {
    private static final List<String> C_MAJOR = List.of("60@0+4", "62@4+4", "64@8+4", "65@12+4", "67@16+4", "69@20+4",
            "71@24+4", "72@28+4");

    /** Files refused on purpose, and why. */
    private static final Map<String, MidiError.Reason> REFUSED = Map.ofEntries(
            Map.entry("test-corrupt-file-extra-byte.mid", BAD_CHUNK),   // a stray byte after the last chunk
            Map.entry("test-corrupt-file-missing-byte.mid", TRUNCATED), // the track is one byte short
            Map.entry("test-empty-file.mid", EMPTY),
            Map.entry("test-not-a-midi-file.mid", NOT_MIDI),
            Map.entry("test-syx-7e-06-01-id-request.syx", NOT_MIDI),    // a bare sysex dump
            Map.entry("test-empty.mid", NO_NOTES),
            Map.entry("test-all-gm-percussion.mid", NO_NOTES),          // drums only, excluded by default
            Map.entry("test-silence-all-notes-off.mid", NO_NOTES),
            Map.entry("test-silence-end-of-track.mid", NO_NOTES),
            Map.entry("test-silence-text-metaevent.mid", NO_NOTES),
            Map.entry("test-control-7c-omni-mode-off.mid", NO_NOTES),
            Map.entry("test-control-7d-omni-mode-on.mid", NO_NOTES),
            Map.entry("test-control-7e-mono-mode-on.mid", NO_NOTES),
            Map.entry("test-control-7f-poly-mode-on.mid", NO_NOTES),
            Map.entry("test-sysex-7e-06-01-id-request.mid", NO_NOTES),
            Map.entry("test-sysex-7e-09-01-gm1-enable.mid", NO_NOTES),
            Map.entry("test-sysex-7e-09-02-gm-disable.mid", NO_NOTES),
            Map.entry("test-sysex-7e-09-03-gm2-enable.mid", NO_NOTES));

    private static Path dir() { return TestData.require("midi-edge"); }

    private static byte[] file(String name) { return TestData.read(dir().resolve(name)); }

    private static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.getFileName().toString().startsWith("test-")).sorted().toList();
        }
    }

    @TestFactory Stream<DynamicTest> everyFileParsesOrIsRefusedForItsReason() throws IOException {
        List<Path> files = files();
        assertTrue(files.size() >= 72, "the suite has 72 MIDI files (73 with the .syx dump): " + files.size());
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String name = p.getFileName().toString();
            MidiResult r = MidiReader.read(Files.readAllBytes(p), MidiOptions.defaults());
            MidiError.Reason expected = REFUSED.get(name);
            if (expected == null) {
                MidiResult.Parsed parsed = assertInstanceOf(MidiResult.Parsed.class, r, () -> name + ": " + r);
                assertTrue(parsed.summary().noteCount() > 0);
                assertTrue(parsed.roll().length() > 0);
            } else {
                MidiResult.Rejected rejected = assertInstanceOf(MidiResult.Rejected.class, r, () -> name + ": " + r);
                assertEquals(expected, rejected.error().reason(), rejected.error().message());
                assertFalse(rejected.error().message().isBlank());
            }
        }));
    }

    @Test void theBrokenFilesSayWhatIsWrong() {
        assertEquals("1 byte after the last chunk (at byte 275: 2A) are not a chunk",
                rejected(file("test-corrupt-file-extra-byte.mid")).message());
        assertEquals("track 1 declares 246 bytes but only 245 remain",
                rejected(file("test-corrupt-file-missing-byte.mid")).message());
    }

    @TestFactory Stream<DynamicTest> variantsOfTheCMajorScaleReadAsTheScale() {
        return Stream.of("test-c-major-scale.mid", "test-running-status-metaevent.mid", "test-running-status-sysex.mid",
                        "test-vlq-2-byte.mid", "test-vlq-3-byte.mid", "test-vlq-4-byte.mid", "test-smpte-offset.mid",
                        "test-non-midi-track.mid", "test-illegal-message-all.mid", "test-illegal-message-f1-xx.mid",
                        "test-illegal-message-f2-xx-xx.mid", "test-illegal-message-f3-xx.mid", "test-illegal-message-f4.mid",
                        "test-illegal-message-f5.mid", "test-illegal-message-f6.mid", "test-illegal-message-f8.mid",
                        "test-illegal-message-f9.mid", "test-illegal-message-fa.mid", "test-illegal-message-fb.mid",
                        "test-illegal-message-fc.mid", "test-illegal-message-fd.mid", "test-illegal-message-fe.mid")
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    PianoRoll r = roll(file(name));
                    assertEquals(C_MAJOR, notes(r));
                    assertEquals(32, r.length());
                }));
    }

    @Test void illegalSystemMessagesAreReportedAsWarnings() {
        MidiSummary s = parsed(file("test-illegal-message-all.mid"), MidiOptions.defaults()).summary();
        assertEquals(13, s.warnings().size(), s.warnings().toString()); // F1, F2, F3, F4, F5, F6, F8..FE
        assertTrue(s.warnings().get(0).startsWith("system message 0xF1"), s.warnings().get(0));
    }

    @Test void theNonMidiChunkIsSkipped() {
        MidiSummary s = parsed(file("test-non-midi-track.mid"), MidiOptions.defaults()).summary();
        assertEquals(List.of("non-track chunk 'Junk' at byte 14 skipped"), s.warnings());
    }

    @Test void twoTracksPlayTogetherInFormats0And1AndInSequenceInFormat2() {
        List<String> together = List.of("60@4+4", "61@4+4", "62@8+4", "63@8+4", "64@12+4", "65@12+4", "65@16+4",
                "66@16+4", "67@20+4", "68@20+4", "69@24+4", "70@24+4", "71@28+4", "72@28+4", "72@32+4", "73@32+4");
        assertEquals(together, notes(roll(file("test-2-tracks-type-0.mid"))));
        assertEquals(together, notes(roll(file("test-2-tracks-type-1.mid"))));
        PianoRoll sequential = roll(file("test-2-tracks-type-2.mid"));
        // Track 1 ends at step 36; track 2 (C sharp major) starts there, its first note a quarter later.
        assertEquals(List.of("60@4+4", "62@8+4", "64@12+4", "65@16+4", "67@20+4", "69@24+4", "71@28+4", "72@32+4",
                "61@40+4", "63@44+4", "65@48+4", "66@52+4", "68@56+4", "70@60+4", "72@64+4", "73@68+4"), notes(sequential));
        assertEquals(72, sequential.length());
    }

    @Test void theKaraokeFileReadsItsMelodyAndCountsItsLyrics() {
        MidiResult.Parsed p = parsed(file("test-karaoke-kar.mid"), MidiOptions.defaults());
        // "Mary had a little lamb": E D C D E E E.
        assertEquals(List.of("64@0+3", "62@3+1", "60@4+2", "62@6+2", "64@8+2", "64@10+2", "64@12+4"),
                notes(p.roll()).subList(0, 7));
        assertEquals(3, p.summary().trackCount());
        assertTrue(p.summary().textEvents() > 20, "karaoke syllables are text events: " + p.summary().textEvents());
    }

    @Test void trackLengthIncludesTheSilenceBeforeEndOfTrack() {
        PianoRoll r = roll(file("test-track-length.mid"));
        assertEquals(List.of("60@0+4"), notes(r));
        assertEquals(12, r.length());
    }

    @Test void repeatedNotesStayDistinctStrikes() {
        assertEquals(9, notes(roll(file("test-note-on-velocity.mid"))).size());
    }

    @Test void percussionIsReadWhenDrumsAreIncluded() {
        MidiResult.Parsed p = parsed(file("test-all-gm-percussion.mid"), MidiOptions.defaults().withIncludeDrums(true));
        assertEquals(183, p.summary().noteCount());
        assertEquals(0, p.summary().drumNotesDropped());
    }

    @Test void multichannelChordsReadTheSameInEveryLayout() {
        List<String> expected = notes(roll(file("test-multichannel-chords-0.mid")));
        assertEquals(24, expected.size());
        for (int k = 1; k <= 3; k++) assertEquals(expected, notes(roll(file("test-multichannel-chords-" + k + ".mid"))), "layout " + k);
    }

    @Test void everyPrefixOfEveryValidFileIsRefusedOrReadWithoutAnException() throws IOException {
        for (Path p : files()) {
            byte[] f = Files.readAllBytes(p);
            if (f.length > 1024) continue; // the large GM/GS/XG sound lists add time, not cases
            for (int n = 0; n < f.length; n++) {
                MidiResult r = MidiReader.read(java.util.Arrays.copyOf(f, n), MidiOptions.defaults());
                if (r instanceof MidiResult.Rejected rej)
                    assertFalse(rej.error().message().startsWith("internal"), p + " prefix " + n + ": " + rej.error());
            }
        }
    }
}
