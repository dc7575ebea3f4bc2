package org.chorale.music;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class MusicStatsTest {
    private static final double EPS = 1e-12;

    /**
     * One step per quarter, 4/4 (4-step bars): a C major triad held two steps, a rest, a D; that bar again; then a
     * C sharp held four steps.
     */
    private static PianoRoll piece() {
        int[] triad = {60, 64, 67};
        int[][] steps = {triad, triad, {}, {62}, triad, triad, {}, {62}, {61}, {61}, {61}, {61}};
        int[][] onsets = {triad, {}, {}, {62}, triad, {}, {}, {62}, {61}, {}, {}, {}};
        return PianoRoll.builder().stepsPerQuarter(1).steps(steps).onsets(onsets).build();
    }

    @Test void statisticsOfAHandCountedPiece() {
        MusicStats s = MusicStats.of(List.of(piece()));
        assertEquals(1, s.pieces());
        assertEquals(12, s.frames());
        assertEquals(18.0 / 10, s.polyphonyMean(), EPS);      // 18 note-steps over 10 non-empty steps
        assertEquals(3, s.polyphonyMax());
        assertEquals(2.0 / 12, s.emptyFrameRate(), EPS);
        assertEquals(9.0 / 12, s.onsetsPerFrame(), EPS);      // 3 + 1 + 3 + 1 + 1 onsets
        assertEquals(5, s.uniquePitches(), EPS);              // 60 61 62 64 67
        assertEquals(7, s.pitchRange(), EPS);
        assertEquals(18.0 / 9, s.noteLengthMean(), EPS);      // six 2-step triad notes, two 1-step Ds, one 4-step C#
        assertEquals(1.0 / 3, s.repeatedBarRate(), EPS);      // bar 2 repeats bar 1
        // F harmonic minor (F G Ab Bb C Db E) holds C, C#, E and G: 16 of the 18 note-steps; no scale holds all five.
        assertEquals(16.0 / 18, s.scaleConsistency(), EPS);
        List<Double> h = s.pitchClassHistogram();
        assertEquals(12, h.size());
        assertEquals(4.0 / 18, h.get(0), EPS);
        assertEquals(4.0 / 18, h.get(1), EPS);
        assertEquals(2.0 / 18, h.get(2), EPS);
        assertEquals(0.0, h.get(3), EPS);
        assertEquals(1.0, h.stream().mapToDouble(Double::doubleValue).sum(), EPS);
        assertEquals(0, s.hangingNotes());
    }

    @Test void aDiatonicPieceIsFullyConsistentWithItsScale() {
        int[][] steps = {{60}, {62}, {64}, {65}, {67}, {69}, {71}, {72}};
        assertEquals(1.0, MusicStats.of(List.of(PianoRoll.builder().steps(steps).build())).scaleConsistency(), EPS);
    }

    @Test void barsFollowTheTimeSignature() {
        // 3/4 at two steps per quarter: six-step bars. Two identical bars, then a different one.
        int[][] bar = {{60}, {60}, {64}, {64}, {67}, {67}};
        int[][] other = {{62}, {62}, {65}, {65}, {69}, {69}};
        int[][] steps = new int[18][];
        for (int t = 0; t < 6; t++) { steps[t] = bar[t]; steps[6 + t] = bar[t]; steps[12 + t] = other[t]; }
        PianoRoll r = PianoRoll.builder().stepsPerQuarter(2).timeSignature(3, 4).steps(steps).build();
        assertEquals(1.0 / 3, MusicStats.of(List.of(r)).repeatedBarRate(), EPS);
        // Read as 4/4 (eight-step bars) only two complete bars exist, and they differ.
        assertEquals(0.0, MusicStats.of(List.of(r.toBuilder().timeSignature(4, 4).build())).repeatedBarRate(), EPS);
    }

    @Test void perPieceMeansAverageOverPiecesWithNotes() {
        PianoRoll narrow = PianoRoll.builder().steps(new int[][] {{60}, {62}}).build();  // 2 pitches, range 2
        PianoRoll wide = PianoRoll.builder().steps(new int[][] {{40, 80}}).build();      // 2 pitches, range 40
        PianoRoll silent = PianoRoll.builder().steps(new int[][] {{}, {}}).build();
        MusicStats s = MusicStats.of(List.of(narrow, wide, silent));
        assertEquals(21.0, s.pitchRange(), EPS);
        assertEquals(2.0, s.uniquePitches(), EPS);
        assertEquals(2.0 / 5, s.emptyFrameRate(), EPS);
    }

    @Test void emptyInputGivesZerosNotNaN() {
        MusicStats s = MusicStats.of(List.of());
        for (double v : s.asMap().values()) assertEquals(0.0, v);
        assertEquals(List.of("polyphony_mean", "polyphony_max", "empty_frame_rate", "onsets_per_frame", "unique_pitches",
                "pitch_range", "scale_consistency", "note_length_mean", "repeated_bar_rate", "hanging_notes", "invalid_states"),
                List.copyOf(s.asMap().keySet()));
    }

    @Test void asMapCarriesTheRecordsValues() {
        MusicStats s = MusicStats.of(List.of(piece()));
        assertEquals(s.polyphonyMean(), s.asMap().get("polyphony_mean"));
        assertEquals(3.0, s.asMap().get("polyphony_max"));
        assertEquals(s.scaleConsistency(), s.asMap().get("scale_consistency"));
        assertEquals(s.repeatedBarRate(), s.asMap().get("repeated_bar_rate"));
    }

    @Test void invalidStatesAreTheSamplersCountAndHangingNotesAreMeasuredOnTheWrittenFile() {
        MusicStats sampled = MusicStats.of(List.of(piece()), 7);
        assertEquals(7, sampled.invalidStates());
        assertEquals(7.0, sampled.asMap().get("invalid_states"));
        assertEquals(0, MusicStats.of(List.of(piece())).invalidStates());
        // held to the very last step and re-struck: the written file still closes every note
        PianoRoll heldToTheEnd = PianoRoll.builder().steps(new int[][] {{60}, {60}, {60}})
                .onsets(new int[][] {{60}, {60}, {}}).build();
        assertEquals(0, MusicStats.of(List.of(heldToTheEnd)).hangingNotes());
        assertEquals(0.0, MusicStats.of(List.of(heldToTheEnd)).asMap().get("hanging_notes"));
    }

    @Test void theHistogramHasOneKeyPerPitchClass() {
        MusicStats s = MusicStats.of(List.of(piece()));
        var h = s.histogramMap();
        assertEquals(12, h.size());
        assertEquals(4.0 / 18, h.get("pitch_class_C"), EPS);
        assertEquals(4.0 / 18, h.get("pitch_class_Cs"), EPS);
        assertEquals(s.pitchClassHistogram().get(11), h.get("pitch_class_B"), EPS);
    }
}
