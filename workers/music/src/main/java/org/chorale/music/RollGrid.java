package org.chorale.music;

import java.util.Arrays;

/**
 * Lays quantised notes on the grid. Notes are packed as (pitch << 50 | start << 25 | end) and sorted, so each
 * pitch's notes are swept once in start order and every step is filled at most once per pitch: the work is bounded
 * by steps x pitches however many notes overlap.
 */
final class RollGrid {
    private static final int[] NONE = new int[0];
    private static final long MASK25 = (1L << 25) - 1;

    private RollGrid() {}

    static PianoRoll.Builder fill(long[] packed, int length, MidiOptions options) {
        Arrays.sort(packed);
        long[] sounding = new long[length * 2]; // two 64-bit words cover MIDI pitches 0..127
        long[] onsets = options.keepOnsets() ? new long[length * 2] : null;
        int i = 0;
        while (i < packed.length) {
            int pitch = (int) (packed[i] >>> 50);
            int word = pitch >>> 6;
            long bit = 1L << (pitch & 63);
            long filledTo = 0; // steps below this are already set for this pitch
            for (; i < packed.length && (int) (packed[i] >>> 50) == pitch; i++) {
                int start = (int) (packed[i] >>> 25 & MASK25), end = (int) (packed[i] & MASK25);
                if (onsets != null) onsets[start * 2 + word] |= bit;
                for (long t = Math.max(start, filledTo); t < end; t++) sounding[(int) t * 2 + word] |= bit;
                filledTo = Math.max(filledTo, end);
            }
        }
        PianoRoll.Builder b = PianoRoll.builder().stepsPerQuarter(options.stepsPerQuarter())
                .range(options.lowestPitch(), options.pitchCount()).steps(unpack(sounding, length));
        if (onsets != null) b.onsets(unpack(onsets, length));
        return b;
    }

    private static int[][] unpack(long[] words, int length) {
        int[][] out = new int[length][];
        for (int t = 0; t < length; t++) {
            long lo = words[t * 2], hi = words[t * 2 + 1];
            int n = Long.bitCount(lo) + Long.bitCount(hi);
            if (n == 0) { out[t] = NONE; continue; }
            int[] pitches = new int[n];
            int k = 0;
            for (long w = lo; w != 0; w &= w - 1) pitches[k++] = Long.numberOfTrailingZeros(w);
            for (long w = hi; w != 0; w &= w - 1) pitches[k++] = 64 + Long.numberOfTrailingZeros(w);
            out[t] = pitches;
        }
        return out;
    }
}
