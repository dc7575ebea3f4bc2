package org.chorale.music;

import java.util.Objects;

/** The outcome of {@link MidiReader#read}: a quantised roll with what was found, or the reason for refusal. */
public sealed interface MidiResult permits MidiResult.Parsed, MidiResult.Rejected {

    /** The file parsed and held notes in range. */
    record Parsed(PianoRoll roll, MidiSummary summary) implements MidiResult {
        public Parsed {
            Objects.requireNonNull(roll, "roll");
            Objects.requireNonNull(summary, "summary");
        }
    }

    /** The file was refused; nothing of it is kept. */
    record Rejected(MidiError error) implements MidiResult {
        public Rejected { Objects.requireNonNull(error, "error"); }
    }

    default boolean isParsed() { return this instanceof Parsed; }
}
