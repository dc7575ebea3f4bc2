package org.chorale.music;

import static org.chorale.music.MidiError.Reason.*;

/**
 * A strict, bounded reader of Standard MIDI Files that hands events to an {@link SmfHandler}.
 *
 * <p>Bounds: the input size is checked first; every declared length (header, chunk, meta, sysex) is compared with
 * the bytes that remain before it is used; every loop advances at least one byte; the event count is capped. So
 * no input can make it loop forever or allocate: it allocates nothing per event.
 *
 * <p>What it accepts, per the SMF 1.0 specification and the files real tools write:
 * <ul>
 *   <li>Formats 0, 1 and 2; an RMID (RIFF) wrapper around an SMF; header chunks longer than 6 bytes.</li>
 *   <li>Chunks other than MTrk, and MTrk chunks beyond the header's count, are skipped (with a warning). Zero
 *       bytes after the last track (padding) are tolerated; any other trailing byte is {@code BAD_CHUNK}.</li>
 *   <li>Running status, kept across meta, sysex and system messages: the specification says those cancel it, but
 *       real files rely on it continuing, and a data byte where a status is due has no other meaning.</li>
 *   <li>System-common messages F1-F6 (meaningless in a file, but seen) are skipped with their fixed data lengths:
 *       F1 and F3 one byte, F2 two, F4-F6 none. System real-time bytes F8-FE carry no data and are skipped, both as
 *       events and between the data bytes of a channel message, where the wire protocol allows them.</li>
 *   <li>A track without an end-of-track event ends at its chunk's end (warning); bytes after end-of-track inside
 *       the chunk are ignored (warning).</li>
 * </ul>
 * Refused: a data byte with no running status (e.g. at a track's start), a status byte among data bytes, a
 * variable-length quantity over 4 bytes, anything that runs past its chunk or the file.
 * Track numbers in messages count from 1; offsets are byte positions in the file.
 */
final class SmfParser {
    private static final int MTHD = 0x4D546864, MTRK = 0x4D54726B, RIFF = 0x52494646, RMID = 0x524D4944, DATA = 0x64617461;

    private final byte[] in;
    private final MidiLimits limits;
    private final SmfHandler handler;
    private int events;   // read so far, all tracks
    private int p;        // read position inside the current track
    private int trackEnd; // end of the current track chunk
    private int trackNo;  // 1-based, for messages

    private SmfParser(byte[] in, MidiLimits limits, SmfHandler handler) {
        this.in = in;
        this.limits = limits;
        this.handler = handler;
    }

    /** Parses {@code smf}, calling {@code handler}; returns the number of events read. */
    static int parse(byte[] smf, MidiLimits limits, SmfHandler handler) throws MidiFormatException {
        SmfParser p = new SmfParser(smf, limits, handler);
        p.file();
        return p.events;
    }

    private static MidiFormatException fail(MidiError.Reason reason, String message) {
        return new MidiFormatException(reason, message);
    }

    private int u32(int at) {
        return ((in[at] & 0xFF) << 24) | ((in[at + 1] & 0xFF) << 16) | ((in[at + 2] & 0xFF) << 8) | (in[at + 3] & 0xFF);
    }

    private int u16(int at) { return ((in[at] & 0xFF) << 8) | (in[at + 1] & 0xFF); }

    private void file() {
        if (in == null || in.length == 0) throw fail(EMPTY, "the file is empty (0 bytes)");
        if (in.length > limits.maxBytes())
            throw fail(TOO_LARGE, "file is " + Text.size(in.length) + "; the limit is " + Text.size(limits.maxBytes()));
        int start = 0, end = in.length;
        if (in.length >= 12 && u32(0) == RIFF && u32(8) == RMID) {
            int[] span = riffData();
            start = span[0];
            end = span[1];
        }
        header(start, end);
    }

    /** The span of the "data" chunk of an RMID file (RIFF lengths are little-endian). */
    private int[] riffData() {
        int at = 12;
        while (at + 8 <= in.length) {
            long len = (in[at + 4] & 0xFFL) | (in[at + 5] & 0xFFL) << 8 | (in[at + 6] & 0xFFL) << 16 | (in[at + 7] & 0xFFL) << 24;
            if (len > in.length - at - 8)
                throw fail(TRUNCATED, "RIFF chunk at byte " + at + " declares " + len + " bytes but only " + (in.length - at - 8) + " remain");
            if (u32(at) == DATA) return new int[] {at + 8, at + 8 + (int) len};
            at += 8 + (int) len + (int) (len & 1);
        }
        throw fail(NOT_MIDI, "RIFF MIDI (RMID) file without a data chunk");
    }

    private void header(int start, int end) {
        int avail = end - start;
        if (avail < 4 || u32(start) != MTHD) {
            if (avail < 4 && isPrefixOfMThd(start, end))
                throw fail(TRUNCATED, "the file ends after " + Text.size(avail) + ", inside the MThd header");
            throw fail(NOT_MIDI, "not a Standard MIDI File: it starts with " + Text.hex(in, start, 8)
                    + " instead of 'MThd' (4D 54 68 64)");
        }
        if (avail < 8) throw fail(TRUNCATED, "the file ends after " + Text.size(avail) + ", inside the MThd header");
        long headerLength = u32(start + 4) & 0xFFFFFFFFL;
        if (headerLength < 6) throw fail(BAD_CHUNK, "the MThd header declares " + headerLength + " bytes; it needs 6");
        if (headerLength > avail - 8)
            throw fail(TRUNCATED, "the MThd header declares " + headerLength + " bytes but only " + (avail - 8) + " remain");
        int format = u16(start + 8), declaredTracks = u16(start + 10), div = u16(start + 12);
        if (format > 2) throw fail(UNSUPPORTED, "format " + format + " is not a Standard MIDI File format (0, 1 or 2)");
        if (declaredTracks > limits.maxTracks())
            throw fail(TOO_MANY_TRACKS, "the header declares " + declaredTracks + " tracks; the limit is " + limits.maxTracks());
        Division division = division(div);
        if (format == 0 && declaredTracks > 1)
            handler.warning("format 0 declares " + declaredTracks + " tracks; all are read as simultaneous");
        handler.header(format, declaredTracks, division);
        chunks(start + 8 + (int) headerLength, end, declaredTracks);
    }

    private boolean isPrefixOfMThd(int start, int end) {
        byte[] magic = {'M', 'T', 'h', 'd'};
        for (int i = start; i < end; i++) if (in[i] != magic[i - start]) return false;
        return true;
    }

    private static Division division(int div) {
        if ((div & 0x8000) == 0) {
            if (div == 0) throw fail(BAD_CHUNK, "the header's division is 0 ticks per quarter note");
            return Division.metrical(div);
        }
        int fps = -(byte) (div >> 8);
        int ticksPerFrame = div & 0xFF;
        if (fps != 24 && fps != 25 && fps != 29 && fps != 30)
            throw fail(UNSUPPORTED, "SMPTE division with " + fps + " frames per second (only 24, 25, 29 and 30 exist)");
        if (ticksPerFrame == 0) throw fail(BAD_CHUNK, "SMPTE division with 0 ticks per frame");
        return Division.smpte(fps, ticksPerFrame);
    }

    private void chunks(int pos, int end, int declaredTracks) {
        int tracks = 0;
        while (pos < end) {
            int remaining = end - pos;
            if (tracks == declaredTracks && allZero(pos, end)) {
                handler.warning(Text.size(remaining) + " of zero padding after the last track ignored");
                return;
            }
            if (remaining < 8) {
                if (tracks < declaredTracks)
                    throw fail(TRUNCATED, "track " + (tracks + 1) + "'s chunk header at byte " + pos + " is cut off after "
                            + Text.size(remaining));
                throw fail(BAD_CHUNK, Text.size(remaining) + " after the last chunk (at byte " + pos
                        + ": " + Text.hex(in, pos, remaining) + ") are not a chunk");
            }
            int id = u32(pos);
            if (!isChunkId(pos))
                throw fail(BAD_CHUNK, "bytes at " + pos + " (" + Text.hex(in, pos, 8) + ") are not a chunk header");
            long length = u32(pos + 4) & 0xFFFFFFFFL;
            boolean isTrack = id == MTRK && tracks < declaredTracks;
            if (length > remaining - 8) {
                String what = isTrack ? "track " + (tracks + 1) : "chunk '" + chunkName(pos) + "' at byte " + pos;
                throw fail(TRUNCATED, what + " declares " + length + " bytes but only " + (remaining - 8) + " remain");
            }
            int body = pos + 8, bodyEnd = body + (int) length;
            if (isTrack) {
                track(tracks, body, bodyEnd);
                tracks++;
            } else {
                handler.warning((id == MTRK ? "MTrk chunk beyond the " + declaredTracks + " declared" : "non-track chunk '"
                        + chunkName(pos) + "'") + " at byte " + pos + " skipped");
            }
            pos = bodyEnd;
        }
        if (tracks < declaredTracks)
            throw fail(TRUNCATED, "the header declares " + declaredTracks + " tracks but the file holds " + tracks);
    }

    private boolean allZero(int from, int to) {
        for (int i = from; i < to; i++) if (in[i] != 0) return false;
        return true;
    }

    /** Chunk ids are four printable ASCII characters. */
    private boolean isChunkId(int pos) {
        for (int i = pos; i < pos + 4; i++) if (in[i] < 0x20 || in[i] > 0x7E) return false;
        return true;
    }

    private String chunkName(int pos) { return new String(in, pos, 4, java.nio.charset.StandardCharsets.US_ASCII); }

    // --- tracks -------------------------------------------------------------------------------------------

    private void track(int index, int from, int to) {
        p = from;
        trackEnd = to;
        trackNo = index + 1;
        handler.trackStart(index);
        long tick = 0;
        int running = 0;
        boolean ended = false;
        while (p < trackEnd) {
            if (++events > limits.maxEvents())
                throw fail(TOO_MANY_EVENTS, "more than " + limits.maxEvents() + " events (the limit), reached in track " + trackNo);
            tick += vlq("delta time");
            int eventStart = p;
            int status = need("event") & 0xFF;
            if (status < 0x80) {
                if (running == 0)
                    throw fail(BAD_EVENT, "track " + trackNo + ", byte " + eventStart + ": data byte " + Text.hexByte(status)
                            + " where a status byte is due, and there is no running status");
                status = running;
            } else {
                p++;
            }
            if (status < 0xF0) {
                running = status;
                int d1 = dataByte(status);
                int d2 = (status & 0xE0) == 0xC0 ? 0 : dataByte(status);
                handler.channelEvent(tick, status, d1, d2);
            } else if (status == 0xFF) {
                int type = need("meta event type") & 0xFF;
                p++;
                int length = lengthOf("meta event");
                handler.metaEvent(tick, type, in, p, length);
                p += length;
                if (type == 0x2F) { ended = true; break; }
            } else if (status == 0xF0 || status == 0xF7) {
                int length = lengthOf(status == 0xF0 ? "sysex event" : "sysex escape (F7)"); // advances p: not "p +="
                p += length;
            } else {
                systemMessage(status, eventStart);
            }
        }
        if (ended && p < trackEnd)
            handler.warning(Text.size(trackEnd - p) + " after end-of-track in track " + trackNo + " ignored");
        if (!ended) handler.warning("track " + trackNo + " has no end-of-track event");
        handler.trackEnd(index, tick, ended);
    }

    /** Skips a system-common (F1-F6) or real-time (F8-FE) message, which has no meaning inside a file. */
    private void systemMessage(int status, int at) {
        int dataBytes = switch (status) {
            case 0xF1, 0xF3 -> 1;
            case 0xF2 -> 2;
            default -> 0; // F4, F5 undefined; F6 tune request; F8-FE real time
        };
        for (int i = 0; i < dataBytes; i++) {
            int b = need("system message") & 0xFF;
            if (b >= 0x80)
                throw fail(BAD_EVENT, "track " + trackNo + ", byte " + p + ": status byte " + Text.hexByte(b)
                        + " inside system message " + Text.hexByte(status));
            p++;
        }
        handler.warning("system message " + Text.hexByte(status) + " (not valid in a file) at byte " + at
                + " of track " + trackNo + " skipped");
    }

    /** The next data byte of a channel message, skipping interleaved real-time bytes. */
    private int dataByte(int status) {
        while (true) {
            int b = need("channel message") & 0xFF;
            p++;
            if (b < 0x80) return b;
            if (b < 0xF8 || b == 0xFF)
                throw fail(BAD_EVENT, "track " + trackNo + ", byte " + (p - 1) + ": status byte " + Text.hexByte(b)
                        + " where a data byte of " + Text.hexByte(status) + " is due");
        }
    }

    /** The byte at {@code p}, which must lie inside the track. {@code what} is a constant: this runs per byte. */
    private byte need(String what) {
        if (p >= trackEnd)
            throw fail(TRUNCATED, "track " + trackNo + " ends inside a " + what + " (at byte " + p + ")");
        return in[p];
    }

    /** A variable-length quantity of 1 to 4 bytes (at most 0x0FFFFFFF). */
    private long vlq(String what) {
        long value = 0;
        for (int i = 0; i < 4; i++) {
            int b = need(what) & 0xFF;
            p++;
            value = (value << 7) | (b & 0x7F);
            if (b < 0x80) return value;
        }
        throw fail(BAD_EVENT, "track " + trackNo + ", byte " + (p - 4) + ": the variable-length number of a " + what + " is longer than 4 bytes");
    }

    /** A declared length (of a meta or sysex event), checked against what remains of the track. */
    private int lengthOf(String what) {
        long length = vlq(what);
        if (length > trackEnd - p)
            throw fail(TRUNCATED, "track " + trackNo + ": " + what + " at byte " + p + " declares " + length
                    + " bytes but only " + (trackEnd - p) + " remain in the track");
        return (int) length;
    }
}
