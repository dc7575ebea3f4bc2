package org.chorale.music;

/**
 * How {@link MidiWriter} writes a roll.
 *
 * @param ppq       ticks per quarter note; a multiple of the roll's steps per quarter keeps every step on a tick
 * @param program   General MIDI program (0 = acoustic grand piano), 0..127
 * @param velocity  note-on velocity, 1..127
 * @param channel   MIDI channel index 0..15 (9 is the drum channel)
 * @param qpm       tempo in quarter notes per minute, or null for the roll's own
 * @param metadata  text written as a text meta event in the tempo track (e.g. "chorale model=demo version=3
 *                  seed=42"), or null for none
 * @param trackName name of the note track
 */
public record MidiWriteOptions(int ppq, int program, int velocity, int channel, Double qpm, String metadata,
                               String trackName) {

    public MidiWriteOptions {
        if (ppq < 1 || ppq > 0x7FFF) throw new IllegalArgumentException("ppq must be in 1..32767, not " + ppq);
        if (program < 0 || program > 127) throw new IllegalArgumentException("program must be in 0..127, not " + program);
        if (velocity < 1 || velocity > 127) throw new IllegalArgumentException("velocity must be in 1..127, not " + velocity);
        if (channel < 0 || channel > 15) throw new IllegalArgumentException("channel must be in 0..15, not " + channel);
        if (qpm != null && !(qpm > 0 && qpm < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException("qpm must be positive, not " + qpm);
        trackName = trackName == null ? "" : trackName;
    }

    /** 480 PPQ, piano, velocity 80, channel 1, the roll's tempo, no metadata, track "Chorale". */
    public static MidiWriteOptions defaults() { return new MidiWriteOptions(480, 0, 80, 0, null, null, "Chorale"); }

    public MidiWriteOptions withPpq(int v) { return new MidiWriteOptions(v, program, velocity, channel, qpm, metadata, trackName); }
    public MidiWriteOptions withProgram(int v) { return new MidiWriteOptions(ppq, v, velocity, channel, qpm, metadata, trackName); }
    public MidiWriteOptions withVelocity(int v) { return new MidiWriteOptions(ppq, program, v, channel, qpm, metadata, trackName); }
    public MidiWriteOptions withChannel(int v) { return new MidiWriteOptions(ppq, program, velocity, v, qpm, metadata, trackName); }
    public MidiWriteOptions withQpm(Double v) { return new MidiWriteOptions(ppq, program, velocity, channel, v, metadata, trackName); }
    public MidiWriteOptions withMetadata(String v) { return new MidiWriteOptions(ppq, program, velocity, channel, qpm, v, trackName); }
    public MidiWriteOptions withTrackName(String v) { return new MidiWriteOptions(ppq, program, velocity, channel, qpm, metadata, v); }
}
