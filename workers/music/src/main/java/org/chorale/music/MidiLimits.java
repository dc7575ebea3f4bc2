package org.chorale.music;

/**
 * Bounds on what one MIDI input may cost. Declared lengths and counts are checked against these and against the
 * bytes that remain before anything is allocated, so a hostile file cannot make the reader loop or allocate beyond
 * them.
 *
 * @param maxBytes  largest input accepted, in bytes
 * @param maxTracks most tracks a header may declare
 * @param maxEvents most events (channel, meta, sysex, system) summed over all tracks
 * @param maxSteps  most time steps of the quantised roll
 */
public record MidiLimits(int maxBytes, int maxTracks, int maxEvents, int maxSteps) {
    /** Steps are packed into 25 bits while the roll is built. */
    static final int STEP_CEILING = (1 << 25) - 1;

    public MidiLimits {
        if (maxBytes <= 0 || maxTracks <= 0 || maxEvents <= 0 || maxSteps <= 0)
            throw new IllegalArgumentException("MIDI limits must be positive");
        if (maxTracks > 65535) throw new IllegalArgumentException("maxTracks above 65535 cannot be declared by a header");
        if (maxSteps > STEP_CEILING) throw new IllegalArgumentException("maxSteps must be at most " + STEP_CEILING);
    }

    /** 16 MiB, 512 tracks, 2,000,000 events, 200,000 steps. */
    public static MidiLimits defaults() { return new MidiLimits(16 << 20, 512, 2_000_000, 200_000); }

    public MidiLimits withMaxBytes(int v) { return new MidiLimits(v, maxTracks, maxEvents, maxSteps); }
    public MidiLimits withMaxTracks(int v) { return new MidiLimits(maxBytes, v, maxEvents, maxSteps); }
    public MidiLimits withMaxEvents(int v) { return new MidiLimits(maxBytes, maxTracks, v, maxSteps); }
    public MidiLimits withMaxSteps(int v) { return new MidiLimits(maxBytes, maxTracks, maxEvents, v); }
}
