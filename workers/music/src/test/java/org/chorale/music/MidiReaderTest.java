package org.chorale.music;

import static org.chorale.music.Rolls.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Quantisation and note semantics on hand-built files (PPQ 96 and four steps per quarter: 24 ticks a step). */
class MidiReaderTest {
    private static final MidiOptions DEFAULTS = MidiOptions.defaults();

    @Test void quarterNotesLandOnTheSixteenthGrid() {
        PianoRoll r = roll(Smf.single(96, Smf.track().note(0, 96, 60).note(96, 192, 62).end(192)));
        assertEquals(List.of("60@0+4", "62@4+4"), notes(r));
        assertEquals(8, r.length());
        assertArrayEquals(new int[] {60}, r.onsetsAt(0));
        assertArrayEquals(new int[] {}, r.onsetsAt(1));
        assertTrue(r.hasOnsets());
    }

    @Test void theRollUsesTheCallersNameAndTheFirstTempoAndTimeSignature() {
        byte[] f = Smf.single(96, Smf.track().tempo(0, 90).timeSignature(0, 3, 4).note(0, 96, 60)
                .tempo(96, 140).timeSignature(96, 6, 8).end(192));
        MidiResult.Parsed p = (MidiResult.Parsed) MidiReader.read(f, "piece-7", DEFAULTS);
        assertEquals("piece-7", p.roll().name());
        assertEquals(90.0, p.roll().qpm(), 1e-3);
        assertEquals(3, p.roll().timeSignatureNumerator());
        assertEquals(4, p.roll().timeSignatureDenominator());
        assertEquals(List.of(new MidiSummary.TimeSignature(0, 3, 4), new MidiSummary.TimeSignature(96, 6, 8)),
                p.summary().timeSignatures());
        assertEquals(2, p.summary().tempoChanges().size());
    }

    @Test void withoutTempoOrMeterTheRollIs120QpmIn44() {
        PianoRoll r = roll(Smf.single(96, Smf.track().note(0, 96, 60).end(96)));
        assertEquals(120.0, r.qpm());
        assertEquals(4, r.timeSignatureNumerator());
        assertEquals(4, r.timeSignatureDenominator());
        assertEquals("", r.name());
    }

    @Test void threeFourAndSixEightPiecesAreRead() {
        for (int[] ts : new int[][] {{3, 4}, {6, 8}, {5, 4}, {7, 8}}) {
            PianoRoll r = roll(Smf.single(96, Smf.track().timeSignature(0, ts[0], ts[1]).note(0, 96, 60).end(96)));
            assertEquals(ts[0], r.timeSignatureNumerator());
            assertEquals(ts[1], r.timeSignatureDenominator());
        }
    }

    @Nested class Quantisation {
        @Test void tripletEighthsEachKeepTheirOnsetOnASixteenthGrid() {
            // Onsets at 0, 1 1/3 and 2 2/3 sixteenths round to 0, 1 and 3.
            PianoRoll r = roll(Smf.single(96, Smf.track().note(0, 32, 60).note(32, 64, 62).note(64, 96, 64).end(96)));
            assertEquals(List.of("60@0+1", "62@1+2", "64@3+1"), notes(r));
        }

        @Test void tripletsAreExactOnATwelveStepGrid() {
            byte[] f = Smf.single(96, Smf.track().note(0, 32, 60).note(32, 64, 62).note(64, 96, 64).end(96));
            PianoRoll r = parsed(f, DEFAULTS.withStepsPerQuarter(12)).roll();
            assertEquals(List.of("60@0+4", "62@4+4", "64@8+4"), notes(r));
        }

        @Test void aTempoChangeMidPieceDoesNotMoveNotesOnTheGrid() {
            byte[] f = Smf.single(96, Smf.track().tempo(0, 120).note(0, 96, 60).note(96, 192, 62)
                    .tempo(192, 60).note(192, 288, 64).note(288, 384, 65).end(384));
            MidiResult.Parsed p = parsed(f, DEFAULTS);
            assertEquals(List.of("60@0+4", "62@4+4", "64@8+4", "65@12+4"), notes(p.roll()));
            // Two quarters at 0.5 s, two at 1 s.
            assertEquals(3.0, p.summary().durationSeconds(), 1e-9);
            assertEquals(1.0, p.summary().tempoChanges().get(1).seconds(), 1e-9);
            assertEquals(60.0, p.summary().tempoChanges().get(1).qpm(), 1e-9);
        }

        @Test void notesShorterThanAStepKeepTheirOnsetStep() {
            PianoRoll r = roll(Smf.single(96, Smf.track().note(0, 1, 60).note(48, 48, 62).end(96)));
            assertEquals(List.of("60@0+1", "62@2+1"), notes(r));
        }

        @Test void startsAndEndsRoundToTheNearestGridPointHalvesUp() {
            // 11 ticks (< half a step) rounds down, 12 (exactly half) rounds up.
            PianoRoll r = roll(Smf.single(96, Smf.track().note(11, 59, 60).note(60, 107, 62).end(120)));
            assertEquals(List.of("60@0+2", "62@3+1"), notes(r));
        }

        @Test void trailingSilenceUpToTheEndOfTrackIsKept() {
            PianoRoll r = roll(Smf.single(96, Smf.track().note(0, 96, 60).end(384)));
            assertEquals(16, r.length());
            assertEquals(0, r.polyphonyAt(15));
        }

        @Test void smpteTicksBecomeBeatsAt120QpmWithoutATempo() {
            // 25 fps x 40 ticks = 1000 ticks a second; 120 qpm: a quarter is 500 ticks.
            int division = (-25 & 0xFF) << 8 | 40;
            byte[] f = Smf.header(0, 1, division).track(Smf.track().note(0, 500, 60).note(500, 1000, 62).end(1000)).bytes();
            MidiResult.Parsed p = parsed(f, DEFAULTS);
            assertEquals(List.of("60@0+4", "62@4+4"), notes(p.roll()));
            assertNull(p.summary().ppq());
            assertEquals("SMPTE 25 fps x 40 ticks", p.summary().division());
            assertEquals(1.0, p.summary().durationSeconds(), 1e-9);
        }

        @Test void smpteTicksFollowTheTempoMap() {
            int division = (-25 & 0xFF) << 8 | 40;
            // 120 qpm for the first second (2 quarters = 8 steps), then 60 qpm: one quarter per 1000 ticks.
            byte[] f = Smf.header(0, 1, division).track(Smf.track().tempo(0, 120).note(0, 1000, 60)
                    .tempo(1000, 60).note(1000, 2000, 62).end(2000)).bytes();
            assertEquals(List.of("60@0+8", "62@8+4"), notes(parsed(f, DEFAULTS).roll()));
        }

        @Test void keepOnsetsOffGivesARollWithoutOnsets() {
            byte[] f = Smf.single(96, Smf.track().note(0, 96, 60).end(96));
            assertFalse(parsed(f, DEFAULTS.withKeepOnsets(false)).roll().hasOnsets());
        }
    }

    @Nested class Notes {
        @Test void aNoteOnOnASoundingKeyIsARestrike() {
            Smf.Track t = Smf.track().on(0, 0, 60).on(48, 0, 60).off(96, 0, 60).off(144, 0, 60).end(192);
            MidiResult.Parsed p = parsed(Smf.single(96, t), DEFAULTS);
            assertEquals(List.of("60@0+2", "60@2+2"), notes(p.roll()));
            assertArrayEquals(new int[] {60}, p.roll().onsetsAt(2));
            assertEquals(1, p.summary().restrikes());
            assertEquals(1, p.summary().unmatchedNoteOffs());
        }

        @Test void legatoWrittenAsOnThenOffAtTheSameTickKeepsTheNewNote() {
            Smf.Track t = Smf.track().on(0, 0, 60).on(96, 0, 60).off(96, 0, 60).off(192, 0, 60).end(192);
            MidiResult.Parsed p = parsed(Smf.single(96, t), DEFAULTS);
            assertEquals(List.of("60@0+4", "60@4+4"), notes(p.roll()));
            assertEquals(0, p.summary().unmatchedNoteOffs());
        }

        @Test void aNoteOffOnAnotherTrackDoesNotEndTheNote() {
            byte[] f = Smf.header(1, 2, 96)
                    .track(Smf.track().on(0, 0, 60).off(192, 0, 60).end(192))
                    .track(Smf.track().off(48, 0, 60).end(192)).bytes();
            MidiResult.Parsed p = parsed(f, DEFAULTS);
            assertEquals(List.of("60@0+8"), notes(p.roll()));
            assertEquals(1, p.summary().unmatchedNoteOffs());
        }

        @Test void aNoteOffOnAnotherChannelDoesNotEndTheNote() {
            Smf.Track t = Smf.track().on(0, 0, 60).off(48, 1, 60).off(192, 0, 60).end(192);
            assertEquals(List.of("60@0+8"), notes(roll(Smf.single(96, t))));
        }

        @Test void velocityZeroNoteOnIsANoteOff() {
            Smf.Track t = Smf.track().on(0, 0, 60).event(48, 0x90, 60, 0).end(96);
            assertEquals(List.of("60@0+2"), notes(roll(Smf.single(96, t))));
        }

        @Test void notesStillSoundingAtTheEndOfTheirTrackAreClosedThere() {
            byte[] f = Smf.header(1, 2, 96)
                    .track(Smf.track().on(0, 0, 60).end(96))
                    .track(Smf.track().note(0, 192, 64).end(192)).bytes();
            MidiResult.Parsed p = parsed(f, DEFAULTS);
            assertEquals(List.of("60@0+4", "64@0+8"), notes(p.roll()));
            assertEquals(1, p.summary().notesClosedAtTrackEnd());
        }

        @Test void drumsAreLeftOutByDefaultAndCounted() {
            Smf.Track t = Smf.track().on(0, 9, 36).on(0, 0, 60).off(96, 9, 36).off(96, 0, 60).end(96);
            MidiResult.Parsed p = parsed(Smf.single(96, t), DEFAULTS);
            assertEquals(List.of("60@0+4"), notes(p.roll()));
            assertEquals(1, p.summary().drumNotesDropped());
            assertEquals(1, p.summary().droppedTotal());
            assertEquals(List.of("36@0+4", "60@0+4"), notes(parsed(Smf.single(96, t), DEFAULTS.withIncludeDrums(true)).roll()));
        }

        @Test void notesOutsideTheRangeAreDroppedAndCounted() {
            Smf.Track t = Smf.track().on(0, 0, 10).on(0, 0, 60).on(0, 0, 120).off(96, 0, 10).off(96, 0, 60).off(96, 0, 120).end(96);
            MidiResult.Parsed p = parsed(Smf.single(96, t), DEFAULTS);
            assertEquals(List.of("60@0+4"), notes(p.roll()));
            assertEquals(2, p.summary().notesDropped());
            assertEquals(60, p.summary().lowestPitch());
            PianoRoll narrow = parsed(Smf.single(96, t), DEFAULTS.withRange(0, 128)).roll();
            assertEquals(List.of("10@0+4", "60@0+4", "120@0+4"), notes(narrow));
        }

        @Test void format2TracksPlayOneAfterAnother() {
            byte[] f = Smf.header(2, 2, 96)
                    .track(Smf.track().note(0, 96, 60).end(96))
                    .track(Smf.track().note(0, 96, 62).end(96)).bytes();
            assertEquals(List.of("60@0+4", "62@4+4"), notes(roll(f)));
        }

        @Test void format1TracksPlayTogether() {
            byte[] f = Smf.header(1, 2, 96)
                    .track(Smf.track().note(0, 96, 60).end(96))
                    .track(Smf.track().note(0, 96, 62).end(96)).bytes();
            assertEquals(List.of("60@0+4", "62@0+4"), notes(roll(f)));
        }

        @Test void summaryCountsNamesAndText() {
            Smf.Track t = Smf.track().event(0, 0xFF, 0x03, 5, 'P', 'i', 'a', 'n', 'o').event(0, 0xFF, 0x01, 2, 'h', 'i')
                    .event(0, 0xFF, 0x05, 2, 'l', 'a').note(0, 96, 60).note(96, 192, 72).end(192);
            MidiSummary s = parsed(Smf.single(96, t), DEFAULTS).summary();
            assertEquals(List.of("Piano"), s.trackNames());
            assertEquals(1, s.textEvents());
            assertEquals(1, s.lyricEvents());
            assertEquals(2, s.noteCount());
            assertEquals(60, s.lowestPitch());
            assertEquals(72, s.highestPitch());
            assertEquals(0, s.format());
            assertEquals(1, s.trackCount());
            assertEquals(96, s.ppq());
            assertEquals(8, s.steps());
        }
    }
}
