package org.chorale.music;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MidiValidatorTest {

    @Test void aWellFormedFileIsValid() {
        byte[] f = Smf.single(96, Smf.track().tempo(0, 120).timeSignature(0, 4, 4).note(0, 96, 60).end(96));
        MidiCheck c = MidiValidator.check(f);
        assertTrue(c.valid(), c.toString());
        assertEquals(1, c.noteOns());
        assertEquals(1, c.tracks());
    }

    @Test void aNoteNeverReleasedIsHanging() {
        MidiCheck c = MidiValidator.check(Smf.single(96, Smf.track().tempo(0, 120).timeSignature(0, 4, 4).on(0, 0, 60).end(96)));
        assertEquals(1, c.hangingNotes());
        assertFalse(c.valid());
    }

    @Test void aSecondNoteOnBeforeTheReleaseLeavesTheFirstHanging() {
        Smf.Track t = Smf.track().tempo(0, 120).timeSignature(0, 4, 4).on(0, 0, 60).on(48, 0, 60).off(96, 0, 60).end(96);
        MidiCheck c = MidiValidator.check(Smf.single(96, t));
        assertEquals(1, c.hangingNotes());
        assertEquals(0, c.orphanNoteOffs());
    }

    @Test void aReleaseOnAnotherTrackDoesNotCount() {
        byte[] f = Smf.header(1, 2, 96)
                .track(Smf.track().tempo(0, 120).timeSignature(0, 4, 4).on(0, 0, 60).end(96))
                .track(Smf.track().off(96, 0, 60).end(96)).bytes();
        MidiCheck c = MidiValidator.check(f);
        assertEquals(1, c.hangingNotes());
        assertEquals(1, c.orphanNoteOffs());
    }

    @Test void missingTempoMeterOrEndOfTrackAreReported() {
        MidiCheck c = MidiValidator.check(Smf.single(96, Smf.track().note(0, 96, 60)));
        assertFalse(c.hasTempo());
        assertFalse(c.hasTimeSignature());
        assertFalse(c.endOfTrackEverywhere());
        assertNull(c.error());
        assertFalse(c.valid());
    }

    @Test void aBrokenFileCarriesItsError() {
        MidiCheck c = MidiValidator.check("nope".getBytes());
        assertEquals(MidiError.Reason.NOT_MIDI, c.error().reason());
        assertFalse(c.valid());
    }

    @Test void aNoteReleasedWhereItIsStruckHasNoLength() {
        Smf.Track t = Smf.track().tempo(0, 120).timeSignature(0, 4, 4).note(0, 0, 60).note(0, 96, 64).end(96);
        MidiCheck c = MidiValidator.check(Smf.single(96, t));
        assertEquals(1, c.zeroLengthNotes());
        assertEquals(0, c.hangingNotes());
        assertFalse(c.valid(), "articulation without sound is not a valid note");
    }
}
