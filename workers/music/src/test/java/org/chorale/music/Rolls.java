package org.chorale.music;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Assertion helpers: read a file that must parse or must be refused, and describe rolls compactly. */
final class Rolls {
    private Rolls() {}

    static MidiResult.Parsed parsed(byte[] smf, MidiOptions options) {
        MidiResult r = MidiReader.read(smf, options);
        if (r instanceof MidiResult.Rejected rej) fail("expected the file to parse, but: " + rej.error());
        return (MidiResult.Parsed) r;
    }

    static PianoRoll roll(byte[] smf) { return parsed(smf, MidiOptions.defaults()).roll(); }

    static MidiError rejected(byte[] smf, MidiOptions options) {
        MidiResult r = MidiReader.read(smf, options);
        return assertInstanceOf(MidiResult.Rejected.class, r, () -> "expected a rejection, got " + r).error();
    }

    static MidiError rejected(byte[] smf) { return rejected(smf, MidiOptions.defaults()); }

    /** Notes as "pitch@start+length", ordered by start then pitch (a held pitch struck again is two notes). */
    static List<String> notes(PianoRoll roll) {
        return RollNotes.of(roll).stream().map(n -> n.pitch() + "@" + n.start() + "+" + n.length()).toList();
    }
}
