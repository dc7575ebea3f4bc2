package org.chorale.generator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class ScaleTest {

    private static int[] pitchClassesOf(Scale s) {
        return IntStream.range(0, 12).filter(pc -> s.contains(60 + pc)).map(pc -> (60 + pc) % 12).toArray();
    }

    @Test void cMajorIsTheWhiteKeys() {
        assertArrayEquals(new int[]{0, 2, 4, 5, 7, 9, 11}, pitchClassesOf(Scale.parse("C major")));
    }

    @Test void aMinorHasTheSamePitchClassesAsCMajor() {
        assertArrayEquals(pitchClassesOf(Scale.parse("C major")), pitchClassesOf(Scale.parse("a MINOR")));
        assertEquals(Scale.parse("A minor"), Scale.parse("A natural-minor"));
    }

    @Test void dHarmonicMinorRaisesTheSeventh() {
        // D E F G A Bb C#
        assertArrayEquals(new int[]{1, 2, 4, 5, 7, 9, 10}, pitchClassesOf(Scale.parse("D harmonic-minor")));
        assertEquals(Scale.parse("D harmonic-minor"), Scale.parse("d harmonic minor"));
    }

    @Test void sharpsAndFlatsMoveTheTonic() {
        assertEquals(new Scale(6, Scale.Mode.MAJOR), Scale.parse("F# major"));
        assertEquals(new Scale(10, Scale.Mode.NATURAL_MINOR), Scale.parse("Bb minor"));
        assertEquals(new Scale(11, Scale.Mode.MAJOR), Scale.parse("Cb major"));
        assertEquals(new Scale(0, Scale.Mode.MAJOR), Scale.parse("B# major"));
    }

    @Test void allowedPitchesFollowTheRange() {
        boolean[] allowed = Scale.parse("C major").allowedPitches(59, 4); // B C C# D
        assertArrayEquals(new boolean[]{true, true, false, true}, allowed);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"H major", "C dorian", "major", "C", "C## major", "C major minor"})
    void unreadableScalesSayWhatIsAccepted(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scale.parse(text));
        assertTrue(e.getMessage().contains("harmonic-minor"), e.getMessage());
    }
}
