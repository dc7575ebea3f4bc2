package org.chorale.music;

import static org.chorale.music.MidiError.Reason.*;
import static org.chorale.music.Rolls.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed and hostile inputs: each is refused with the right reason and a message that says what is wrong. */
class MidiRejectionTest {
    private static final MidiOptions DEFAULTS = MidiOptions.defaults();

    private static byte[] scale() {
        Smf.Track t = Smf.track().tempo(0, 120);
        for (int i = 0; i < 8; i++) t.note(i * 96L, (i + 1) * 96L, 60 + i);
        return Smf.single(96, t.end(768));
    }

    @Test void emptyAndNullInputs() {
        assertEquals(EMPTY, rejected(new byte[0]).reason());
        assertEquals(EMPTY, rejected(null).reason());
    }

    @Test void notMidi() {
        MidiError e = rejected("not a midi file".getBytes());
        assertEquals(NOT_MIDI, e.reason());
        assertTrue(e.message().contains("6E 6F 74 20"), e.message());
    }

    @Test void aCutHeaderIsTruncated() {
        assertEquals(TRUNCATED, rejected(new byte[] {'M', 'T', 'h'}).reason());
        assertEquals(TRUNCATED, rejected(Arrays.copyOf(scale(), 10)).reason());
    }

    @Test void badHeaders() {
        assertEquals(BAD_CHUNK, rejected(new Smf().raw('M', 'T', 'h', 'd', 0, 0, 0, 4, 0, 0, 0, 1).bytes()).reason());
        assertEquals(UNSUPPORTED, rejected(Smf.header(3, 1, 96).track(Smf.track().note(0, 96, 60).end(96)).bytes()).reason());
        assertEquals(BAD_CHUNK, rejected(Smf.header(0, 1, 0).track(Smf.track().note(0, 96, 60).end(96)).bytes()).reason());
        MidiError fps = rejected(Smf.header(0, 1, (-23 & 0xFF) << 8 | 40).track(Smf.track().note(0, 96, 60).end(96)).bytes());
        assertEquals(UNSUPPORTED, fps.reason());
        assertTrue(fps.message().contains("23 frames"), fps.message());
    }

    @Test void aHeaderLongerThanSixBytesIsRespected() {
        byte[] f = new Smf().raw('M', 'T', 'h', 'd', 0, 0, 0, 8, 0, 0, 0, 1, 0, 96, 0xAA, 0xBB)
                .track(Smf.track().note(0, 96, 60).end(96)).bytes();
        assertEquals(List.of("60@0+4"), notes(roll(f)));
    }

    @Test void tooLarge() {
        MidiError e = rejected(scale(), DEFAULTS.withLimits(MidiLimits.defaults().withMaxBytes(50)));
        assertEquals(TOO_LARGE, e.reason());
        assertTrue(e.message().contains("the limit is 50 bytes"), e.message());
        MidiError big = rejected(new byte[(16 << 20) + 1]);
        assertEquals(TOO_LARGE, big.reason());
        assertEquals("file is 16 MiB; the limit is 16 MiB", big.message().replace("16.0", "16"));
    }

    @Test void aTrackDeclaring2GiBIsTruncatedWithoutAllocating() {
        byte[] f = Smf.header(0, 1, 96).raw('M', 'T', 'r', 'k', 0x80, 0, 0, 0, 0, 0x90, 60, 100).bytes();
        MidiError e = rejected(f);
        assertEquals(TRUNCATED, e.reason());
        assertEquals("track 1 declares 2147483648 bytes but only 4 remain", e.message());
    }

    @Test void tooManyTracksDeclared() {
        byte[] f = Smf.header(1, 65535, 96).track(Smf.track().note(0, 96, 60).end(96)).bytes();
        MidiError e = rejected(f);
        assertEquals(TOO_MANY_TRACKS, e.reason());
        assertEquals("the header declares 65535 tracks; the limit is 512", e.message());
        assertEquals(TOO_MANY_TRACKS, rejected(Smf.header(1, 3, 96).bytes(),
                DEFAULTS.withLimits(MidiLimits.defaults().withMaxTracks(2))).reason());
    }

    @Test void fewerTracksThanDeclaredIsTruncated() {
        MidiError e = rejected(Smf.header(1, 3, 96).track(Smf.track().note(0, 96, 60).end(96)).bytes());
        assertEquals(TRUNCATED, e.reason());
        assertEquals("the header declares 3 tracks but the file holds 1", e.message());
    }

    @Test void tooManyEvents() {
        MidiError e = rejected(scale(), DEFAULTS.withLimits(MidiLimits.defaults().withMaxEvents(10)));
        assertEquals(TOO_MANY_EVENTS, e.reason());
    }

    @Test void tooLong() {
        // One note of 60 000 quarters: 240 000 sixteenths, over the 200 000-step limit.
        byte[] f = Smf.single(96, Smf.track().note(0, 96L * 60_000, 60).end(96L * 60_000));
        MidiError e = rejected(f);
        assertEquals(TOO_LONG, e.reason());
        assertTrue(e.message().contains("the limit is 200000"), e.message());
        // A far-away end of track alone is enough.
        assertEquals(TOO_LONG, rejected(Smf.single(1, Smf.track().note(0, 1, 60).end(0x0FFFFFFF))).reason());
    }

    @Test void noNotesSaysWhy() {
        assertEquals("the file holds no notes", rejected(Smf.single(96, Smf.track().tempo(0, 100).end(96))).message());
        MidiError drums = rejected(Smf.single(96, Smf.track().on(0, 9, 36).off(96, 9, 36).end(96)));
        assertEquals(NO_NOTES, drums.reason());
        assertTrue(drums.message().contains("1 on the drum channel"), drums.message());
        MidiError range = rejected(Smf.single(96, Smf.track().note(0, 96, 5).end(96)));
        assertTrue(range.message().contains("1 outside the pitch range 21..108"), range.message());
    }

    @Test void runningStatusAtTrackStartIsABadEvent() {
        MidiError e = rejected(Smf.single(96, Smf.track().raw(0x00, 60, 100).end(96)));
        assertEquals(BAD_EVENT, e.reason());
        assertTrue(e.message().contains("no running status"), e.message());
    }

    @Test void runningStatusDoesNotCarryAcrossTracks() {
        byte[] f = Smf.header(1, 2, 96).track(Smf.track().note(0, 96, 60).end(96))
                .track(Smf.track().raw(0x00, 62, 100).end(96)).bytes();
        assertEquals(BAD_EVENT, rejected(f).reason());
    }

    @Test void runningStatusContinuesAcrossMetaAndSysex() {
        Smf.Track t = Smf.track().event(0, 0x90, 60, 100).raw(0x60, 60, 0)     // note-off by running status
                .event(0, 0xFF, 0x01, 1, 'x').raw(0x00, 62, 100, 0x60, 62, 0)  // after a meta event
                .event(0, 0xF0, 2, 0x7E, 0xF7).raw(0x00, 64, 100, 0x60, 64, 0) // after a sysex
                .end(288);
        assertEquals(List.of("60@0+4", "62@4+4", "64@8+4"), notes(roll(Smf.single(96, t))));
    }

    @Test void aVariableLengthQuantityOverFourBytesIsABadEvent() {
        MidiError e = rejected(Smf.single(96, Smf.track().raw(0x81, 0x80, 0x80, 0x80, 0x00, 0x90, 60, 100).end(0)));
        assertEquals(BAD_EVENT, e.reason());
        assertTrue(e.message().contains("longer than 4 bytes"), e.message());
    }

    @Test void fourByteDeltasAreRead() {
        byte[] f = Smf.single(1, Smf.track().raw(0x80, 0x80, 0x80, 0x00, 0x90, 60, 100).raw(0x81, 0x00, 0x80, 60, 0).end(128));
        assertEquals(List.of("60@0+512"), notes(roll(f)));
    }

    @Test void aStatusByteAmongDataBytesIsABadEvent() {
        assertEquals(BAD_EVENT, rejected(Smf.single(96, Smf.track().event(0, 0x90, 60, 0x90).end(96))).reason());
    }

    @Test void realTimeBytesBetweenDataBytesAreSkipped() {
        byte[] f = Smf.single(96, Smf.track().event(0, 0x90, 60, 0xF8, 100).off(96, 0, 60).end(96));
        assertEquals(List.of("60@0+4"), notes(roll(f)));
    }

    @Test void systemCommonMessagesAreSkippedWithTheirDataLengths() {
        // F2 carries two data bytes: were it read as carrying none, 0x10 0x20 would be taken for a delta and an event.
        byte[] f = Smf.single(96, Smf.track().event(0, 0xF2, 0x10, 0x20).event(0, 0xF6).note(0, 96, 60).end(96));
        MidiResult.Parsed p = parsed(f, DEFAULTS);
        assertEquals(List.of("60@0+4"), notes(p.roll()));
        assertEquals(2, p.summary().warnings().size());
    }

    @Test void aMetaEventLongerThanItsTrackIsTruncated() {
        MidiError e = rejected(Smf.single(96, Smf.track().event(0, 0xFF, 0x01, 0x7F, 'x')));
        assertEquals(TRUNCATED, e.reason());
        assertTrue(e.message().contains("declares 127 bytes but only 1 remain"), e.message());
    }

    @Test void anEventCutByTheEndOfItsTrackIsTruncated() {
        assertEquals(TRUNCATED, rejected(Smf.single(96, Smf.track().event(0, 0x90, 60))).reason());
    }

    @Test void unknownChunksAreSkipped() {
        byte[] f = Smf.header(0, 1, 96).chunk("XFIH", new byte[] {1, 2, 3}).track(Smf.track().note(0, 96, 60).end(96)).bytes();
        MidiResult.Parsed p = parsed(f, DEFAULTS);
        assertEquals(List.of("60@0+4"), notes(p.roll()));
        assertTrue(p.summary().warnings().get(0).contains("'XFIH'"), p.summary().warnings().toString());
    }

    @Test void zeroPaddingAfterTheLastTrackIsTolerated() {
        byte[] f = Smf.header(0, 1, 96).track(Smf.track().note(0, 96, 60).end(96)).raw(0, 0, 0, 0, 0).bytes();
        assertEquals(List.of("60@0+4"), notes(roll(f)));
    }

    @Test void strayBytesAfterTheLastChunkAreABadChunk() {
        byte[] f = Smf.header(0, 1, 96).track(Smf.track().note(0, 96, 60).end(96)).raw(0x2A).bytes();
        MidiError e = rejected(f);
        assertEquals(BAD_CHUNK, e.reason());
        assertTrue(e.message().startsWith("1 byte after the last chunk"), e.message());
        byte[] g = Smf.header(0, 1, 96).track(Smf.track().note(0, 96, 60).end(96)).raw(1, 2, 3, 4, 5, 6, 7, 8, 9).bytes();
        assertEquals(BAD_CHUNK, rejected(g).reason());
    }

    @Test void aTrackWithoutEndOfTrackEndsAtItsChunkWithAWarning() {
        MidiResult.Parsed p = parsed(Smf.single(96, Smf.track().note(0, 96, 60)), DEFAULTS);
        assertEquals(List.of("60@0+4"), notes(p.roll()));
        assertEquals(List.of("track 1 has no end-of-track event"), p.summary().warnings());
    }

    @Test void anRmidWrapperIsUnwrapped() {
        byte[] smf = Smf.single(96, Smf.track().note(0, 96, 60).end(96));
        int riffLength = 4 + 8 + smf.length;
        Smf riff = new Smf().raw('R', 'I', 'F', 'F', riffLength, riffLength >> 8, 0, 0, 'R', 'M', 'I', 'D',
                'd', 'a', 't', 'a', smf.length, smf.length >> 8, 0, 0);
        for (byte b : smf) riff.raw(b & 0xFF);
        assertEquals(List.of("60@0+4"), notes(roll(riff.bytes())));
    }

    @Test void everyPrefixOfAValidFileIsRefusedOrReadNeverThrown() {
        byte[] f = scale();
        for (int n = 0; n < f.length; n++) {
            MidiResult r = MidiReader.read(Arrays.copyOf(f, n), DEFAULTS);
            assertNotNull(r);
            if (r instanceof MidiResult.Rejected rej) {
                assertFalse(rej.error().message().startsWith("internal"), rej.error().toString());
                if (n > 0) assertEquals(TRUNCATED, rej.error().reason(), "prefix of " + n + " bytes: " + rej.error());
            }
        }
        assertTrue(MidiReader.read(f, DEFAULTS).isParsed());
    }
}
