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
 * @param hangingNotes        problems of the rolls as files: each roll is written with {@link MidiWriter} and read
 *                            by {@link MidiValidator}; its hanging notes, orphan note-offs and zero-length notes are
 *                            counted here (0 unless the writer is broken: the check proves what users receive)
 * @param invalidStates       states the model sampled that no roll can hold and decoding had to repair (a re-strike
 *                            bit without its play bit); given by whoever sampled, 0 for a corpus
 */
public record MusicStats(int pieces, long frames, double polyphonyMean, int polyphonyMax, double emptyFrameRate,
                         double onsetsPerFrame, double uniquePitches, double pitchRange, double scaleConsistency,
                         double noteLengthMean, double repeatedBarRate, List<Double> pitchClassHistogram,
                         int hangingNotes, long invalidStates) {

    /** Pitch-class names, C first, as the histogram's keys in {@link #histogramMap()}. */
    private static final String[] PITCH_CLASSES = {"C", "Cs", "D", "Ds", "E", "F", "Fs", "G", "Gs", "A", "As", "B"};

    private static final int[][] MODES = {
            {0, 2, 4, 5, 7, 9, 11}, // major
            {0, 2, 3, 5, 7, 8, 10}, // natural minor
            {0, 2, 3, 5, 7, 8, 11}, // harmonic minor
    };

    public MusicStats { pitchClassHistogram = List.copyOf(pitchClassHistogram); }

    /** Statistics of rolls read from files or a dataset: nothing was sampled, so no invalid states. */
    public static MusicStats of(List<PianoRoll> rolls) {
        return of(rolls, 0);
    }

    /** Statistics of sampled rolls, with the invalid states the sampler repaired while decoding them. */
    public static MusicStats of(List<PianoRoll> rolls, long invalidStates) {
        long frames = 0, nonEmpty = 0, noteSteps = 0, onsets = 0, notes = 0, noteLength = 0, bars = 0, repeated = 0;
        int maxPolyphony = 0, piecesWithNotes = 0, fileProblems = 0;
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
            fileProblems += fileProblems(roll);
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
                ratio(repeated, bars), Arrays.asList(histogram), fileProblems, invalidStates);
    }

    /** Hanging notes, orphan note-offs and zero-length notes of the roll as {@link MidiWriter} writes it. */
    private static int fileProblems(PianoRoll roll) {
        MidiCheck check = MidiValidator.check(MidiWriter.write(roll, MidiWriteOptions.defaults()
                .withPpq(Math.max(480, roll.stepsPerQuarter()))));
        return check.hangingNotes() + check.orphanNoteOffs() + check.zeroLengthNotes() + (check.error() == null ? 0 : 1);
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
        m.put("hanging_notes", (double) hangingNotes);
        m.put("invalid_states", (double) invalidStates);
        return m;
    }

    /** The pitch-class histogram under keys {@code pitch_class_C}, {@code pitch_class_Cs}, ... {@code pitch_class_B}. */
    public Map<String, Double> histogramMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int k = 0; k < 12; k++) m.put("pitch_class_" + PITCH_CLASSES[k], pitchClassHistogram.get(k));
        return m;
    }
}
