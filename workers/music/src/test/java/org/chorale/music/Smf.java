package org.chorale.music;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Hand-builds Standard MIDI Files for tests, byte by byte, including malformed ones. */
final class Smf {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Smf header(int format, int tracks, int division) {
        Smf s = new Smf();
        s.raw('M', 'T', 'h', 'd', 0, 0, 0, 6, format >> 8, format, tracks >> 8, tracks, division >> 8, division);
        return s;
    }

    Smf raw(int... bytes) {
        for (int b : bytes) out.write(b);
        return this;
    }

    Smf chunk(String id, byte[] body) {
        for (char c : id.toCharArray()) out.write(c);
        raw(body.length >>> 24, body.length >> 16, body.length >> 8, body.length);
        out.writeBytes(body);
        return this;
    }

    Smf track(Track t) { return chunk("MTrk", t.bytes()); }

    byte[] bytes() { return out.toByteArray(); }

    static byte[] vlq(long v) {
        List<Integer> groups = new ArrayList<>();
        groups.add((int) (v & 0x7F));
        for (v >>>= 7; v > 0; v >>>= 7) groups.add(0, (int) (v & 0x7F) | 0x80);
        byte[] b = new byte[groups.size()];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (int) groups.get(i);
        return b;
    }

    /** A track body built from events at absolute ticks (added in time order). */
    static final class Track {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long last;

        private Track at(long tick) {
            if (tick < last) throw new IllegalArgumentException("events must be added in time order: " + tick + " < " + last);
            out.writeBytes(vlq(tick - last));
            last = tick;
            return this;
        }

        Track event(long tick, int... bytes) {
            at(tick);
            for (int b : bytes) out.write(b);
            return this;
        }

        Track on(long tick, int channel, int pitch) { return event(tick, 0x90 | channel, pitch, 100); }
        Track off(long tick, int channel, int pitch) { return event(tick, 0x80 | channel, pitch, 64); }

        Track note(long start, long end, int pitch) { return on(start, 0, pitch).off(end, 0, pitch); }

        Track tempo(long tick, double qpm) {
            int us = (int) Math.round(60e6 / qpm);
            return event(tick, 0xFF, 0x51, 3, us >> 16, us >> 8, us);
        }

        Track timeSignature(long tick, int num, int den) {
            return event(tick, 0xFF, 0x58, 4, num, Integer.numberOfTrailingZeros(den), 24, 8);
        }

        Track end(long tick) { return event(tick, 0xFF, 0x2F, 0); }

        /** Bytes appended as they are, with no delta time. */
        Track raw(int... bytes) {
            for (int b : bytes) out.write(b);
            return this;
        }

        byte[] bytes() { return out.toByteArray(); }
    }

    static Track track() { return new Track(); }

    /** A format-0 file at the given PPQ holding one track. */
    static byte[] single(int ppq, Track t) { return header(0, 1, ppq).track(t).bytes(); }
}
