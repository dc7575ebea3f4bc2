package org.chorale.music;

import java.util.Objects;

/**
 * Why a MIDI input was refused, with a message a person can act on.
 *
 * <p>The reasons map by name onto the Avro enum {@code org.chorale.events.RejectReason}.
 */
public record MidiError(Reason reason, String message) {

    /** Rejection reasons; names match {@code RejectReason} in the event schemas. */
    public enum Reason {
        /** The input has no bytes. */
        EMPTY,
        /** The input is not a Standard MIDI File (no {@code MThd} header). */
        NOT_MIDI,
        /** The input ends before a header, chunk or event it declares. */
        TRUNCATED,
        /** A chunk header is malformed, or bytes after the last chunk are not a chunk. */
        BAD_CHUNK,
        /** An event inside a track is malformed (bad status byte, over-long number, ...). */
        BAD_EVENT,
        /** The input is larger than {@link MidiLimits#maxBytes()}. */
        TOO_LARGE,
        /** The header declares more tracks than {@link MidiLimits#maxTracks()}. */
        TOO_MANY_TRACKS,
        /** The tracks hold more events than {@link MidiLimits#maxEvents()}. */
        TOO_MANY_EVENTS,
        /** Quantised, the piece is longer than {@link MidiLimits#maxSteps()}. */
        TOO_LONG,
        /** No note falls in the pitch range outside the drum channel. */
        NO_NOTES,
        /** A well-formed feature this reader does not handle (format 3+, an unknown SMPTE rate). */
        UNSUPPORTED
    }

    public MidiError {
        Objects.requireNonNull(reason, "reason");
        message = message == null ? "" : message;
    }

    @Override public String toString() { return reason + ": " + message; }
}
