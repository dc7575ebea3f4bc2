package org.chorale.music;

import java.util.Objects;

/**
 * How {@link MidiReader} turns a file into a roll.
 *
 * @param stepsPerQuarter grid resolution: 4 = sixteenth notes
 * @param lowestPitch     MIDI pitch of the roll's lowest row
 * @param pitchCount      rows of the roll; notes outside {@code [lowestPitch, lowestPitch + pitchCount)} are
 *                        dropped and counted
 * @param keepOnsets      keep which pitches are struck at each step (tells a re-strike from a held note)
 * @param includeDrums    keep MIDI channel 10 (index 9, General MIDI percussion); off by default because drum
 *                        keys are instruments, not pitches
 * @param limits          bounds on the work one file may cause
 */
public record MidiOptions(int stepsPerQuarter, int lowestPitch, int pitchCount, boolean keepOnsets,
                          boolean includeDrums, MidiLimits limits) {

    public MidiOptions {
        if (stepsPerQuarter < 1 || stepsPerQuarter > 960)
            throw new IllegalArgumentException("stepsPerQuarter must be in 1..960, not " + stepsPerQuarter);
        if (pitchCount < 1 || lowestPitch < 0 || lowestPitch + pitchCount > 128)
            throw new IllegalArgumentException("pitch range " + lowestPitch + "+" + pitchCount + " is outside MIDI 0..127");
        Objects.requireNonNull(limits, "limits");
    }

    /** Sixteenth-note grid, the 88 piano keys (21..108), onsets kept, drums excluded, default limits. */
    public static MidiOptions defaults() {
        return new MidiOptions(4, PianoRoll.PIANO_LOWEST, PianoRoll.PIANO_KEYS, true, false, MidiLimits.defaults());
    }

    public MidiOptions withStepsPerQuarter(int v) { return new MidiOptions(v, lowestPitch, pitchCount, keepOnsets, includeDrums, limits); }
    public MidiOptions withRange(int lowest, int count) { return new MidiOptions(stepsPerQuarter, lowest, count, keepOnsets, includeDrums, limits); }
    public MidiOptions withKeepOnsets(boolean v) { return new MidiOptions(stepsPerQuarter, lowestPitch, pitchCount, v, includeDrums, limits); }
    public MidiOptions withIncludeDrums(boolean v) { return new MidiOptions(stepsPerQuarter, lowestPitch, pitchCount, keepOnsets, v, limits); }
    public MidiOptions withLimits(MidiLimits v) { return new MidiOptions(stepsPerQuarter, lowestPitch, pitchCount, keepOnsets, includeDrums, v); }

    /** Options that read back exactly the grid and range of {@code roll} (what a round trip needs). */
    public static MidiOptions matching(PianoRoll roll) {
        return defaults().withStepsPerQuarter(roll.stepsPerQuarter()).withRange(roll.lowestPitch(), roll.pitchCount());
    }
}
