package org.chorale.music;

/**
 * Receives what {@link SmfParser} reads, event by event, so each use (quantising, validating) keeps only what it
 * needs. Ticks are per track, from the track's start.
 */
interface SmfHandler {
    void header(int format, int declaredTracks, Division division);

    /** {@code track} counts MTrk chunks from 0. */
    void trackStart(int track);

    /** A channel message; {@code status} includes the channel; {@code data2} is 0 for one-byte messages. */
    void channelEvent(long tick, int status, int data1, int data2);

    /** A meta event; its data is {@code data[offset, offset + length)} and must not be kept by reference. */
    void metaEvent(long tick, int type, byte[] data, int offset, int length);

    /** The end of a track chunk; {@code endTick} is the end-of-track event's tick, or the last event's. */
    void trackEnd(int track, long endTick, boolean endOfTrackSeen);

    /** Something tolerated that a person may want to know about. */
    default void warning(String message) {}
}
