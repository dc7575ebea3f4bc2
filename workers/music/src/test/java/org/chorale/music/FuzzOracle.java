package org.chorale.music;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What must hold for any input, used by the fuzz and mutation tests: reading never fails with anything but a
 * {@link MidiError}; a parsed roll respects the limits and the options; and it survives a write and a re-read
 * exactly, through a file the validator calls valid.
 */
final class FuzzOracle {
    private FuzzOracle() {}

    static void check(byte[] input, MidiOptions options) {
        MidiResult r = MidiReader.readOrThrow(input, "fuzz", options);
        MidiCheck check = MidiValidator.check(input);
        if (check.error() != null) assertFalse(check.error().message().startsWith("internal"), check.error().toString());
        if (!(r instanceof MidiResult.Parsed parsed)) {
            MidiError e = ((MidiResult.Rejected) r).error();
            assertFalse(e.message().isBlank(), "a rejection without a message: " + e.reason());
            return;
        }
        PianoRoll roll = parsed.roll();
        assertTrue(roll.length() >= 1 && roll.length() <= options.limits().maxSteps(), "length " + roll.length());
        assertEquals(roll.length(), parsed.summary().steps());
        assertTrue(parsed.summary().noteCount() > 0);
        assertEquals(options.lowestPitch(), roll.lowestPitch());
        assertEquals(options.pitchCount(), roll.pitchCount());

        byte[] written = MidiWriter.write(roll, MidiWriteOptions.defaults());
        MidiCheck writtenCheck = MidiValidator.check(written);
        assertTrue(writtenCheck.valid(), () -> "written file is not valid: " + writtenCheck);
        MidiResult again = MidiReader.readOrThrow(written, "fuzz", options);
        MidiResult.Parsed back = assertInstanceOf(MidiResult.Parsed.class, again, () -> "re-read failed: " + again);
        assertArrayEquals(roll.steps(), back.roll().steps(), "steps after a round trip");
        assertArrayEquals(roll.onsets(), back.roll().onsets(), "onsets after a round trip");
    }
}
