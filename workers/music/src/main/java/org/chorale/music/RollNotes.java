package org.chorale.music;

import java.util.ArrayList;
import java.util.List;

/**
 * The notes of a roll: for each pitch, each run of sounding steps, split where the pitch is struck again (an
 * onset on a held pitch). Shared by the writer and the statistics so both agree on what a note is.
 */
final class RollNotes {
    private RollNotes() {}

    /** A note: {@code pitch} sounds at steps {@code [start, end)}. */
    record Note(int pitch, int start, int end) {
        int length() { return end - start; }
    }

    /** Notes in order of start step, then pitch. */
    static List<Note> of(PianoRoll roll) {
        int lowest = roll.lowestPitch(), count = roll.pitchCount(), length = roll.length();
        int[] since = new int[count];
        java.util.Arrays.fill(since, -1);
        List<Note> notes = new ArrayList<>();
        boolean[] sounding = new boolean[count], now = new boolean[count], struck = new boolean[count];
        for (int t = 0; t <= length; t++) {
            java.util.Arrays.fill(now, false);
            java.util.Arrays.fill(struck, false);
            if (t < length) {
                for (int p : roll.pitchesAt(t)) now[p - lowest] = true;
                for (int p : roll.onsetsAt(t)) struck[p - lowest] = true;
            }
            for (int k = 0; k < count; k++) {
                boolean ends = sounding[k] && (!now[k] || struck[k]);
                if (ends) { notes.add(new Note(lowest + k, since[k], t)); since[k] = -1; }
                if (now[k] && since[k] < 0) since[k] = t;
            }
            boolean[] swap = sounding;
            sounding = now;
            now = swap;
        }
        notes.sort((a, b) -> a.start != b.start ? Integer.compare(a.start, b.start) : Integer.compare(a.pitch, b.pitch));
        return notes;
    }
}
