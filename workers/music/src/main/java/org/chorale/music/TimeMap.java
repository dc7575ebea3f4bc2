package org.chorale.music;

import java.util.ArrayList;
import java.util.List;

/**
 * Converts ticks of a file's global timeline to grid steps and to seconds.
 *
 * <p>The grid is in beats (quarter notes), so for a metrical (PPQ) file a step is a fixed number of ticks and
 * tempo changes do not move notes on the grid; tempo only decides seconds. For an SMPTE file ticks are absolute
 * time: ticks become seconds, and seconds become beats through the tempo map (120 qpm when the file has no tempo).
 *
 * <p>Quantising rounds to the nearest grid point, halves up: step = floor(beats x stepsPerQuarter + 1/2).
 */
final class TimeMap {
    static final int DEFAULT_MICROS_PER_QUARTER = 500_000; // 120 qpm

    private final Division division;
    private final int stepsPerQuarter;
    // Tempo segments: segment i starts at tick[i] (sorted), at sec[i] seconds and beat[i] quarter notes.
    private final long[] tick;
    private final double[] sec;
    private final double[] beat;
    private final int[] micros;

    /** Tempo events as parallel arrays in file order (global ticks, microseconds per quarter); need not be sorted. */
    TimeMap(Division division, int stepsPerQuarter, long[] tempoTicks, int[] tempoMicros) {
        this.division = division;
        this.stepsPerQuarter = stepsPerQuarter;
        int[] order = timeOrder(tempoTicks);
        int n = 1;
        long[] t = new long[order.length + 1];
        int[] m = new int[order.length + 1];
        t[0] = 0;
        m[0] = DEFAULT_MICROS_PER_QUARTER;
        for (int k : order) {
            long at = tempoTicks[k];
            if (at == t[n - 1]) m[n - 1] = tempoMicros[k]; // a later event at the same tick replaces the earlier one
            else { t[n] = at; m[n] = tempoMicros[k]; n++; }
        }
        tick = java.util.Arrays.copyOf(t, n);
        micros = java.util.Arrays.copyOf(m, n);
        sec = new double[n];
        beat = new double[n];
        for (int i = 1; i < n; i++) {
            if (division.isSmpte()) {
                sec[i] = tick[i] / division.ticksPerSecond();
                beat[i] = beat[i - 1] + (sec[i] - sec[i - 1]) * 1e6 / micros[i - 1];
            } else {
                beat[i] = (double) tick[i] / division.ppq();
                sec[i] = sec[i - 1] + (beat[i] - beat[i - 1]) * micros[i - 1] / 1e6;
            }
        }
    }

    private int segment(long at) {
        int lo = 0, hi = tick.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (tick[mid] <= at) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /** The grid step nearest to {@code at}. Exact integer arithmetic for PPQ files. */
    long stepAt(long at) {
        if (!division.isSmpte()) {
            long ppq = division.ppq();
            // at < 2^50 (events x 2^28), stepsPerQuarter <= 960: the product stays far below 2^63.
            return (2 * at * stepsPerQuarter + ppq) / (2 * ppq);
        }
        int i = segment(at);
        double seconds = at / division.ticksPerSecond();
        double beats = beat[i] + (seconds - sec[i]) * 1e6 / micros[i];
        return (long) Math.floor(beats * stepsPerQuarter + 0.5);
    }

    double secondsAt(long at) {
        if (division.isSmpte()) return at / division.ticksPerSecond();
        int i = segment(at);
        return sec[i] + (double) (at - tick[i]) / division.ppq() * micros[i] / 1e6;
    }

    /** Indices of {@code ticks} in time order, file order kept for equal ticks (a stable sort). */
    static int[] timeOrder(long[] ticks) {
        boolean sorted = true;
        for (int i = 1; i < ticks.length && sorted; i++) sorted = ticks[i - 1] <= ticks[i];
        if (sorted) return java.util.stream.IntStream.range(0, ticks.length).toArray(); // the usual case: one tempo track
        return java.util.stream.IntStream.range(0, ticks.length).boxed()
                .sorted(java.util.Comparator.comparingLong(i -> ticks[i])).mapToInt(Integer::intValue).toArray();
    }

    /** Tempo changes the file declares, in time order, at most {@code cap}. */
    static List<MidiSummary.TempoChange> changes(long[] tempoTicks, int[] tempoMicros, TimeMap map, int cap) {
        int[] order = timeOrder(tempoTicks);
        List<MidiSummary.TempoChange> out = new ArrayList<>(Math.min(cap, order.length));
        for (int i = 0; i < order.length && out.size() < cap; i++) {
            long at = tempoTicks[order[i]];
            out.add(new MidiSummary.TempoChange(at, map.secondsAt(at), qpm(tempoMicros[order[i]])));
        }
        return out;
    }

    static double qpm(int microsPerQuarter) { return 60e6 / microsPerQuarter; }
}
