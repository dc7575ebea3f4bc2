package org.chorale.music;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a roll as a format-1 Standard MIDI File:
 * <ol>
 *   <li>a tempo track: sequence name (the roll's name, when it has one), time signature, tempo, a text event with
 *       {@link MidiWriteOptions#metadata()} when given, end of track;</li>
 *   <li>a note track: track name, program change, the notes, end of track.</li>
 * </ol>
 * Step {@code t} is at tick {@code round(t x ppq / stepsPerQuarter)}. A pitch that starts sounding is struck
 * there, listed in the roll's onsets or not; a pitch struck while already sounding (an onset on a held pitch)
 * becomes a note-off and a note-on at the same tick; at any tick, note-offs come before
 * note-ons; every note is closed, at the latest at the end of the roll, where both tracks end. So
 * {@link MidiReader} with {@link MidiOptions#matching(PianoRoll)} reads the same steps and onsets back.
 */
public final class MidiWriter {
    private MidiWriter() {}

    /**
     * @throws IllegalArgumentException if {@code options.ppq()} is below the roll's steps per quarter (steps would
     *     share ticks) or the roll's time signature cannot be written (numerator 1..255, denominator a power of 2)
     */
    public static byte[] write(PianoRoll roll, MidiWriteOptions options) {
        int spq = roll.stepsPerQuarter(), ppq = options.ppq();
        if (ppq < spq)
            throw new IllegalArgumentException("ppq " + ppq + " is below the roll's " + spq + " steps per quarter");
        int num = roll.timeSignatureNumerator(), den = roll.timeSignatureDenominator();
        if (num < 1 || num > 255 || den < 1 || den > 64 || Integer.bitCount(den) != 1)
            throw new IllegalArgumentException("time signature " + num + "/" + den + " cannot be written");

        double qpm = options.qpm() != null ? options.qpm() : roll.qpm();
        int micros = (int) Math.max(1, Math.min(0xFFFFFF, Math.round(60e6 / qpm)));
        long endTick = tick(roll.length(), ppq, spq);

        SmfBytes out = new SmfBytes();
        out.ascii("MThd").u32(6).u16(1).u16(2).u16(ppq);

        SmfBytes tempo = new SmfBytes();
        if (!roll.name().isEmpty()) tempo.vlq(0).meta(0x03, utf8(roll.name()));
        tempo.vlq(0).meta(0x58, new byte[] {(byte) num, (byte) Integer.numberOfTrailingZeros(den), 24, 8});
        tempo.vlq(0).meta(0x51, new byte[] {(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros});
        if (options.metadata() != null) tempo.vlq(0).meta(0x01, utf8(options.metadata()));
        tempo.vlq(endTick).meta(0x2F, new byte[0]);
        out.ascii("MTrk").u32(tempo.size()).append(tempo);

        SmfBytes notes = noteTrack(roll, options, endTick);
        out.ascii("MTrk").u32(notes.size()).append(notes);
        return out.toByteArray();
    }

    private static SmfBytes noteTrack(PianoRoll roll, MidiWriteOptions options, long endTick) {
        int spq = roll.stepsPerQuarter(), ppq = options.ppq(), ch = options.channel();
        SmfBytes track = new SmfBytes();
        if (!options.trackName().isEmpty()) track.vlq(0).meta(0x03, utf8(options.trackName()));
        track.vlq(0).bytes(0xC0 | ch, options.program());

        List<RollNotes.Note> list = RollNotes.of(roll);
        // Events as (tick, kind, pitch) packed into longs so one sort orders them: offs (kind 0) before ons (kind 1).
        long[] events = new long[list.size() * 2];
        int n = 0;
        for (RollNotes.Note note : list) {
            events[n++] = tick(note.end(), ppq, spq) << 8 | note.pitch();
            events[n++] = tick(note.start(), ppq, spq) << 8 | 0x80 | note.pitch();
        }
        Arrays.sort(events);
        long last = 0;
        for (long e : events) {
            long at = e >>> 8;
            int pitch = (int) (e & 0x7F);
            boolean on = (e & 0x80) != 0;
            track.vlq(at - last).bytes(on ? 0x90 | ch : 0x80 | ch, pitch, on ? options.velocity() : 64);
            last = at;
        }
        track.vlq(endTick - last).meta(0x2F, new byte[0]);
        return track;
    }

    /** The tick of step {@code step}, rounded to the nearest tick. */
    static long tick(long step, int ppq, int spq) { return (2 * step * ppq + spq) / (2L * spq); }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** A growable big-endian byte buffer with the SMF primitives. */
    private static final class SmfBytes {
        private byte[] buf = new byte[256];
        private int size;

        int size() { return size; }

        SmfBytes bytes(int... values) {
            for (int v : values) put(v);
            return this;
        }

        private void put(int v) {
            if (size == buf.length) buf = Arrays.copyOf(buf, size * 2);
            buf[size++] = (byte) v;
        }

        SmfBytes ascii(String s) {
            for (int i = 0; i < s.length(); i++) put(s.charAt(i));
            return this;
        }

        SmfBytes u16(int v) { return bytes(v >> 8, v); }
        SmfBytes u32(int v) { return bytes(v >>> 24, v >> 16, v >> 8, v); }

        SmfBytes vlq(long v) {
            if (v < 0 || v > 0x0FFFFFFF) throw new IllegalArgumentException("delta " + v + " does not fit a MIDI quantity");
            int shift = 21;
            while (shift > 0 && (v >> shift) == 0) shift -= 7;
            for (; shift > 0; shift -= 7) put((int) (v >> shift & 0x7F) | 0x80);
            put((int) (v & 0x7F));
            return this;
        }

        SmfBytes meta(int type, byte[] data) {
            bytes(0xFF, type);
            vlq(data.length);
            for (byte b : data) put(b);
            return this;
        }

        SmfBytes append(SmfBytes other) {
            for (int i = 0; i < other.size; i++) put(other.buf[i]);
            return this;
        }

        byte[] toByteArray() { return Arrays.copyOf(buf, size); }
    }
}
