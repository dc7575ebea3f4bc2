package org.chorale.cli;

import org.chorale.music.MidiOptions;
import org.chorale.music.MidiReader;
import org.chorale.music.MidiResult;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A MIDI file a command wrote, described by reading it back (so the summary states what is really in the
 * file, not what was intended): steps on the writer's grid, notes, seconds.
 */
public record WrittenPiece(Path path, int bytes, int steps, int notes, double seconds) {

    /** Writes {@code midi} to {@code path} and reads it back on a grid of {@code stepsPerQuarter}. */
    public static WrittenPiece write(Path path, byte[] midi, int stepsPerQuarter) {
        OutputFiles.write(path, midi);
        MidiOptions options = MidiOptions.defaults().withStepsPerQuarter(stepsPerQuarter).withRange(0, 128);
        if (MidiReader.read(midi, path.getFileName().toString(), options) instanceof MidiResult.Parsed p)
            return new WrittenPiece(path, midi.length, p.summary().steps(), p.summary().noteCount(), p.summary().durationSeconds());
        // a silent piece is valid output (a model early in training often composes silence): no notes to count
        return new WrittenPiece(path, midi.length, 0, 0, 0.0);
    }

    /** The same file described with the step count its producer reported (the grid the reader cannot know). */
    public WrittenPiece withSteps(int generatedSteps) {
        return new WrittenPiece(path, bytes, generatedSteps, notes, seconds);
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s  %d steps, %d notes, %.1f s", path, steps, notes, seconds);
    }
}
