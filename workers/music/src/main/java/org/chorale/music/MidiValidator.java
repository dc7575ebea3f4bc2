package org.chorale.music;

/**
 * Checks a MIDI file as a player would meet it, without quantising: used to prove that written files are valid
 * (every note closed and of positive length, tempo, time signature and end of track present). Unlike {@link MidiReader} it does not
 * repair anything; it counts.
 */
public final class MidiValidator {
    private MidiValidator() {}

    public static MidiCheck check(byte[] smf) {
        Counter c = new Counter();
        try {
            SmfParser.parse(smf, MidiLimits.defaults(), c);
            return new MidiCheck(null, c.tracks, c.noteOns, c.hanging, c.orphans, c.tempo, c.timeSignature, c.allEnded,
                    c.zeroLength);
        } catch (MidiFormatException e) {
            return new MidiCheck(e.error, c.tracks, c.noteOns, c.hanging, c.orphans, c.tempo, c.timeSignature, false,
                    c.zeroLength);
        } catch (RuntimeException e) { // a bug: report it rather than let it escape
            return new MidiCheck(new MidiError(MidiError.Reason.BAD_EVENT, "internal validator error: " + e),
                    c.tracks, c.noteOns, c.hanging, c.orphans, c.tempo, c.timeSignature, false,
                    c.zeroLength);
        }
    }

    /** Tracks which (channel, pitch) keys sound within each track. */
    private static final class Counter implements SmfHandler {
        final int[] open = new int[16 * 128];
        final long[] struckAt = new long[16 * 128];
        int tracks, noteOns, hanging, orphans, zeroLength;
        boolean tempo, timeSignature, allEnded = true;

        @Override public void header(int format, int declaredTracks, Division division) { }

        @Override public void trackStart(int track) { java.util.Arrays.fill(open, 0); }

        @Override public void channelEvent(long tick, int status, int data1, int data2) {
            int kind = status & 0xF0;
            int key = (status & 0x0F) << 7 | data1;
            if (kind == 0x90 && data2 > 0) {
                noteOns++;
                if (open[key] > 0) hanging++; // struck again before it was released: the first is never closed
                open[key] = 1;
                struckAt[key] = tick;
            } else if (kind == 0x80 || kind == 0x90) {
                if (open[key] == 0) orphans++;
                else if (struckAt[key] == tick) zeroLength++;
                open[key] = 0;
            }
        }

        @Override public void metaEvent(long tick, int type, byte[] data, int offset, int length) {
            if (type == 0x51) tempo = true;
            if (type == 0x58) timeSignature = true;
        }

        @Override public void trackEnd(int track, long endTick, boolean endOfTrackSeen) {
            for (int n : open) hanging += n;
            allEnded &= endOfTrackSeen;
            tracks++;
        }
    }
}
