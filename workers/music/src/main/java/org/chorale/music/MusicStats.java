package org.chorale.music;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Statistics of a set of rolls, to compare generated pieces with a corpus (after Mogren's C-RNN-GAN, Yang and
 * Lerch 2018, and MusPy). A "note-step" is one pitch sounding at one step; a "note" is a run of note-steps of one
 * pitch, split where the pitch is struck again. Values that are undefined for empty input (no steps, no notes)
 * are 0, never NaN, so they can go to metrics and JSON as they are.
 *
 * @param pieces              rolls measured
 * @param frames              steps over all rolls
 * @param polyphonyMean       mean pitches sounding per non-empty step (MusPy's polyphony)
 * @param polyphonyMax        most pitches sounding at one step
 * @param emptyFrameRate      fraction of steps where nothing sounds
 * @param onsetsPerFrame      pitches struck per step, over all steps
 * @param uniquePitches       distinct pitches per piece, averaged over pieces with notes
 * @param pitchRange          highest minus lowest pitch per piece, averaged over pieces with notes
 * @param scaleConsistency    per piece, the largest fraction of note-steps that fall in one of the 36 scales
 *                            (12 roots x major, natural minor, harmonic minor); averaged over pieces with notes
 * @param noteLengthMean      mean note length in steps
 * @param repeatedBarRate     fraction of non-empty bars that equal (steps and onsets) an earlier bar of the same
 *                            piece; a bar is stepsPerQuarter x 4 x numerator / denominator steps (4/4 when that is
 *                            not a whole number), only complete bars count
 * @param pitchClassHistogram 12 values summing to 1 (C first): note-steps per pitch class; all 0 with no notes
 * @param hangingNotes        notes never closed: 0 for rolls by construction; kept so MIDI checks can report it
 *                            in the same shape
 */
public record MusicStats(int pieces, long frames, double polyphonyMean, int polyphonyMax, double emptyFrameRate,
                         double onsetsPerFrame, double uniquePitches, double pitchRange, double scaleConsistency,
                         double noteLengthMean, double repeatedBarRate, List<Double> pitchClassHistogram,
                         int hangingNotes) {

    private static final int[][] MODES = {
            {0, 2, 4, 5, 7, 9, 11}, // major
            {0, 2, 3, 5, 7, 8, 10}, // natural minor
            {0, 2, 3, 5, 7, 8, 11}, // harmonic minor
    };

    public MusicStats { pitchClassHistogram = List.copyOf(pitchClassHistogram); }

    public static MusicStats of(List<PianoRoll> rolls) {
        long frames = 0, nonEmpty = 0, noteSteps = 0, onsets = 0, notes = 0, noteLength = 0, bars = 0, repeated = 0;
        int maxPolyphony = 0, piecesWithNotes = 0;
        double unique = 0, range = 0, scale = 0;
        long[] pitchClasses = new long[12];
        for (PianoRoll roll : rolls) {
            long[] pieceClasses = new long[12];
            boolean[] used = new boolean[128];
            int low = 128, high = -1;
            for (int t = 0; t < roll.length(); t++) {
                int[] pitches = roll.pitchesAt(t);
                maxPolyphony = Math.max(maxPolyphony, pitches.length);
                if (pitches.length > 0) nonEmpty++;
                noteSteps += pitches.length;
                onsets += roll.onsetsAt(t).length;
                for (int p : pitches) {
                    pieceClasses[p % 12]++;
                    used[p] = true;
                    low = Math.min(low, p);
                    high = Math.max(high, p);
                }
            }
            frames += roll.length();
            for (RollNotes.Note n : RollNotes.of(roll)) { notes++; noteLength += n.length(); }
            long[] barCounts = bars(roll);
            bars += barCounts[0];
            repeated += barCounts[1];
            if (high >= 0) {
                piecesWithNotes++;
                int distinct = 0;
                for (boolean u : used) if (u) distinct++;
                unique += distinct;
                range += high - low;
                scale += bestScaleFraction(pieceClasses);
            }
            for (int k = 0; k < 12; k++) pitchClasses[k] += pieceClasses[k];
        }
        Double[] histogram = new Double[12];
        for (int k = 0; k < 12; k++) histogram[k] = ratio(pitchClasses[k], noteSteps);
        return new MusicStats(rolls.size(), frames, ratio(noteSteps, nonEmpty), maxPolyphony,
                ratio(frames - nonEmpty, frames), ratio(onsets, frames), ratio(unique, piecesWithNotes),
                ratio(range, piecesWithNotes), ratio(scale, piecesWithNotes), ratio(noteLength, notes),
                ratio(repeated, bars), Arrays.asList(histogram), 0);
    }

    private static double ratio(double a, double b) { return b == 0 ? 0.0 : a / b; }

    static double bestScaleFraction(long[] pitchClasses) {
        long total = Arrays.stream(pitchClasses).sum();
        if (total == 0) return 0;
        long best = 0;
        for (int[] mode : MODES) {
            for (int root = 0; root < 12; root++) {
                long in = 0;
                for (int degree : mode) in += pitchClasses[(root + degree) % 12];
                best = Math.max(best, in);
            }
        }
        return (double) best / total;
    }

    /** {non-empty complete bars, those equal to an earlier bar}. */
    private static long[] bars(PianoRoll roll) {
        int quarterSteps = roll.stepsPerQuarter() * 4 * roll.timeSignatureNumerator();
        int den = roll.timeSignatureDenominator();
        int barSteps = den > 0 && quarterSteps % den == 0 && quarterSteps / den > 0 ? quarterSteps / den
                : roll.stepsPerQuarter() * 4;
        Set<String> seen = new HashSet<>();
        long bars = 0, repeated = 0;
        for (int start = 0; start + barSteps <= roll.length(); start += barSteps) {
            StringBuilder key = new StringBuilder();
            boolean empty = true;
            for (int t = start; t < start + barSteps; t++) {
                int[] pitches = roll.pitchesAt(t);
                empty &= pitches.length == 0;
                key.append(Arrays.toString(pitches)).append(Arrays.toString(roll.onsetsAt(t))).append('|');
            }
            if (empty) continue;
            bars++;
            if (!seen.add(key.toString())) repeated++;
        }
        return new long[] {bars, repeated};
    }

    /** The scalar statistics under snake_case keys, in a fixed order (for metrics and JSON). */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("polyphony_mean", polyphonyMean);
        m.put("polyphony_max", (double) polyphonyMax);
        m.put("empty_frame_rate", emptyFrameRate);
        m.put("onsets_per_frame", onsetsPerFrame);
        m.put("unique_pitches", uniquePitches);
        m.put("pitch_range", pitchRange);
        m.put("scale_consistency", scaleConsistency);
        m.put("note_length_mean", noteLengthMean);
        m.put("repeated_bar_rate", repeatedBarRate);
        return m;
    }
}
