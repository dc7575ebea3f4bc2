package org.chorale.music;

import java.util.Objects;

/**
 * How {@link Datasets#load} reads a corpus.
 *
 * @param name                    the set's name in piece names {@code <set>/<split>/<index>}, or null to take it
 *                                from the file or folder name
 * @param midi                    how MIDI files of a folder are read; its pitch range is also the range of
 *                                pickle/JSON sets (a pitch outside it is dropped and counted)
 * @param sequenceStepsPerQuarter grid of pickle/JSON sets, which come already quantised with no grid recorded:
 *                                1 by default (JSB chorales have one step per quarter note; for Nottingham, whose
 *                                steps are 0.25 s, and Piano-midi.de, the value is only a label for writing MIDI)
 * @param sequenceQpm             tempo given to pickle/JSON rolls, used only when they are written as MIDI
 */
public record DatasetOptions(String name, MidiOptions midi, int sequenceStepsPerQuarter, double sequenceQpm) {

    public DatasetOptions {
        Objects.requireNonNull(midi, "midi");
        if (sequenceStepsPerQuarter < 1) throw new IllegalArgumentException("sequenceStepsPerQuarter must be positive");
        if (!(sequenceQpm > 0) || Double.isInfinite(sequenceQpm)) throw new IllegalArgumentException("sequenceQpm must be positive");
    }

    /** Name from the path, default MIDI options (88 keys), one step per quarter note at 120 qpm for sequences. */
    public static DatasetOptions defaults() { return new DatasetOptions(null, MidiOptions.defaults(), 1, 120.0); }

    public int lowestPitch() { return midi.lowestPitch(); }
    public int pitchCount() { return midi.pitchCount(); }

    public DatasetOptions withName(String v) { return new DatasetOptions(v, midi, sequenceStepsPerQuarter, sequenceQpm); }
    public DatasetOptions withMidi(MidiOptions v) { return new DatasetOptions(name, v, sequenceStepsPerQuarter, sequenceQpm); }
    public DatasetOptions withRange(int lowest, int count) { return withMidi(midi.withRange(lowest, count)); }
    public DatasetOptions withSequenceStepsPerQuarter(int v) { return new DatasetOptions(name, midi, v, sequenceQpm); }
    public DatasetOptions withSequenceQpm(double v) { return new DatasetOptions(name, midi, sequenceStepsPerQuarter, v); }
}
