package org.chorale.music;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns parsed events into notes (start tick, end tick, pitch) on the file's global timeline, plus the tempo map,
 * time signatures and counts a summary reports.
 *
 * <p>Note semantics (the faults of the write-up's reference code are avoided on purpose):
 * <ul>
 *   <li>Notes are keyed by (track, channel, pitch): a note-off on another track or channel does not end a note.</li>
 *   <li>A note-on with velocity 0 is a note-off.</li>
 *   <li>A note-on for a key already sounding is a re-strike: the sounding note ends there and a new one starts.
 *       If the note-off of the replaced note follows at the same tick (writers that emit "on, then off" for
 *       legato), it is taken as that note's off, not as the end of the new note.</li>
 *   <li>Notes still sounding when their track ends are closed at the track's end: no hanging notes.</li>
 *   <li>Channel 10 (index 9) is left out unless drums are included; notes outside the pitch range are left out.
 *       Both are counted.</li>
 *   <li>Format 2: tracks are independent sequences, played one after another, so each track starts where the
 *       previous one ended. Formats 0 and 1: all tracks start at tick 0.</li>
 * </ul>
 */
final class NoteCollector implements SmfHandler {
    private static final int KEYS = 16 * 128;
    private static final int NAME_CHARS = 128;

    private final MidiOptions options;
    private final int lowest, highestExclusive;

    int format = -1, declaredTracks, tracksRead;
    Division division;

    final LongList noteStart = new LongList(), noteEnd = new LongList(), notePitch = new LongList();
    final LongList tempoTicks = new LongList(), tempoMicros = new LongList();
    final List<MidiSummary.TimeSignature> timeSignatures = new ArrayList<>();
    final List<String> trackNames = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    int warningCount;
    int notesDropped, drumNotesDropped, restrikes, unmatchedNoteOffs, closedAtTrackEnd, textEvents, lyricEvents;
    long lastTick; // end of the whole piece on the global timeline

    private long trackOffset; // where the current track starts on the global timeline (format 2 only)
    private final long[] openSince = new long[KEYS]; // global tick where the sounding note began, -1 when silent
    private final boolean[] restruckAt = new boolean[KEYS]; // the open note replaced another at its own start tick
    private int openCount;

    NoteCollector(MidiOptions options) {
        this.options = options;
        this.lowest = options.lowestPitch();
        this.highestExclusive = options.lowestPitch() + options.pitchCount();
        Arrays.fill(openSince, -1);
    }

    @Override public void header(int format, int declaredTracks, Division division) {
        this.format = format;
        this.declaredTracks = declaredTracks;
        this.division = division;
    }

    @Override public void trackStart(int track) { }

    @Override public void channelEvent(long tick, int status, int data1, int data2) {
        int kind = status & 0xF0;
        if (kind != 0x90 && kind != 0x80) return;
        int channel = status & 0x0F;
        boolean on = kind == 0x90 && data2 > 0;
        if (channel == 9 && !options.includeDrums()) {
            if (on) drumNotesDropped++;
            return;
        }
        if (data1 < lowest || data1 >= highestExclusive) {
            if (on) notesDropped++;
            return;
        }
        int key = channel << 7 | data1;
        long at = trackOffset + tick;
        if (on) noteOn(key, at); else noteOff(key, at);
    }

    private void noteOn(int key, long at) {
        boolean restrike = openSince[key] >= 0;
        if (restrike) {
            restrikes++;
            close(key, at);
        }
        openSince[key] = at;
        restruckAt[key] = restrike;
        openCount++;
    }

    private void noteOff(int key, long at) {
        if (openSince[key] < 0) { unmatchedNoteOffs++; return; }
        if (restruckAt[key] && openSince[key] == at) { restruckAt[key] = false; return; } // the replaced note's off
        close(key, at);
    }

    private void close(int key, long at) {
        noteStart.add(openSince[key]);
        noteEnd.add(at);
        notePitch.add(key & 0x7F);
        openSince[key] = -1;
        openCount--;
    }

    @Override public void metaEvent(long tick, int type, byte[] data, int offset, int length) {
        long at = trackOffset + tick;
        switch (type) {
            case 0x51 -> tempo(at, data, offset, length);
            case 0x58 -> timeSignature(at, data, offset, length);
            case 0x03 -> {
                String name = Text.decode(data, offset, length, NAME_CHARS);
                if (!name.isEmpty() && trackNames.size() < MidiSummary.LIST_CAP) trackNames.add(name);
            }
            case 0x01, 0x02, 0x06 -> textEvents++;
            case 0x05 -> lyricEvents++;
            default -> { }
        }
    }

    private void tempo(long at, byte[] data, int offset, int length) {
        if (length < 3) { warning("tempo event with " + length + " data bytes ignored"); return; }
        int micros = (data[offset] & 0xFF) << 16 | (data[offset + 1] & 0xFF) << 8 | (data[offset + 2] & 0xFF);
        if (micros == 0) { warning("tempo of 0 microseconds per quarter ignored"); return; }
        tempoTicks.add(at);
        tempoMicros.add(micros);
    }

    private void timeSignature(long at, byte[] data, int offset, int length) {
        if (length < 2) { warning("time signature with " + length + " data bytes ignored"); return; }
        int numerator = data[offset] & 0xFF, power = data[offset + 1] & 0xFF;
        if (numerator == 0 || power > 6) {
            warning("time signature " + numerator + "/2^" + power + " ignored");
            return;
        }
        if (timeSignatures.size() < MidiSummary.LIST_CAP)
            timeSignatures.add(new MidiSummary.TimeSignature(at, numerator, 1 << power));
    }

    @Override public void trackEnd(int track, long endTick, boolean endOfTrackSeen) {
        long end = trackOffset + endTick;
        if (openCount > 0) {
            for (int key = 0; key < KEYS; key++) {
                if (openSince[key] >= 0) { close(key, end); closedAtTrackEnd++; }
            }
        }
        lastTick = Math.max(lastTick, end);
        if (format == 2) trackOffset = end;
        tracksRead++;
    }

    @Override public void warning(String message) {
        warningCount++;
        if (warnings.size() < MidiSummary.LIST_CAP) warnings.add(message);
    }

    /** The earliest time signature in time, if any (the list is in file order, tracks one after another). */
    MidiSummary.TimeSignature firstTimeSignature() {
        MidiSummary.TimeSignature first = null;
        for (MidiSummary.TimeSignature ts : timeSignatures) if (first == null || ts.tick() < first.tick()) first = ts;
        return first;
    }
}
