package org.chorale.music;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A piece quantised onto a time grid: for each time step, the MIDI pitches sounding, and optionally the
 * pitches struck (onset) at that step, so a re-struck note is told apart from a held one.
 *
 * <p>Immutable. Pitches are absolute MIDI numbers, sorted ascending, unique per step, all inside
 * {@code [lowestPitch, lowestPitch + pitchCount)}. Onsets, when present, are a subset of the sounding
 * pitches of the same step.
 */
public final class PianoRoll {
    /** The paper's range: the 88 piano keys, A0 (21) to C8 (108). */
    public static final int PIANO_LOWEST = 21;
    public static final int PIANO_KEYS = 88;

    private final String name;
    private final int stepsPerQuarter;
    private final int lowestPitch;
    private final int pitchCount;
    private final int[][] steps;
    private final int[][] onsets; // null when not kept
    private final double qpm;
    private final int timeSignatureNumerator;
    private final int timeSignatureDenominator;

    private PianoRoll(Builder b) {
        this.name = b.name;
        this.stepsPerQuarter = b.stepsPerQuarter;
        this.lowestPitch = b.lowestPitch;
        this.pitchCount = b.pitchCount;
        this.qpm = b.qpm;
        this.timeSignatureNumerator = b.tsNum;
        this.timeSignatureDenominator = b.tsDen;
        if (stepsPerQuarter <= 0) throw new IllegalArgumentException("stepsPerQuarter must be positive");
        if (pitchCount <= 0 || lowestPitch < 0 || lowestPitch + pitchCount > 128)
            throw new IllegalArgumentException("pitch range " + lowestPitch + "+" + pitchCount + " is outside MIDI 0..127");
        if (!(qpm > 0) || Double.isInfinite(qpm)) throw new IllegalArgumentException("qpm must be positive");
        this.steps = normalise(b.steps, "steps");
        this.onsets = b.onsets == null ? null : normalise(b.onsets, "onsets");
        if (onsets != null) {
            if (onsets.length != steps.length) throw new IllegalArgumentException("onsets and steps differ in length");
            for (int t = 0; t < steps.length; t++)
                for (int p : onsets[t])
                    if (Arrays.binarySearch(steps[t], p) < 0)
                        throw new IllegalArgumentException("onset of pitch " + p + " at step " + t + " is not sounding");
        }
    }

    private int[][] normalise(int[][] in, String what) {
        int[][] out = new int[in.length][];
        for (int t = 0; t < in.length; t++) {
            int[] s = in[t] == null ? new int[0] : in[t].clone();
            Arrays.sort(s);
            int n = 0;
            for (int i = 0; i < s.length; i++) {
                if (s[i] < lowestPitch || s[i] >= lowestPitch + pitchCount)
                    throw new IllegalArgumentException(what + ": pitch " + s[i] + " at step " + t + " is outside "
                            + lowestPitch + ".." + (lowestPitch + pitchCount - 1));
                if (n == 0 || s[n - 1] != s[i]) s[n++] = s[i];
            }
            out[t] = n == s.length ? s : Arrays.copyOf(s, n);
        }
        return out;
    }

    public static Builder builder() { return new Builder(); }

    /** A copy of this roll's settings and content, to change some of them. */
    public Builder toBuilder() {
        return new Builder().name(name).stepsPerQuarter(stepsPerQuarter).range(lowestPitch, pitchCount)
                .steps(steps).onsets(onsets).qpm(qpm).timeSignature(timeSignatureNumerator, timeSignatureDenominator);
    }

    public String name() { return name; }
    public int stepsPerQuarter() { return stepsPerQuarter; }
    public int lowestPitch() { return lowestPitch; }
    public int pitchCount() { return pitchCount; }
    public int length() { return steps.length; }
    public double qpm() { return qpm; }
    public int timeSignatureNumerator() { return timeSignatureNumerator; }
    public int timeSignatureDenominator() { return timeSignatureDenominator; }
    public boolean hasOnsets() { return onsets != null; }

    /** Sorted MIDI pitches sounding at step t (a copy). */
    public int[] pitchesAt(int t) { return steps[t].clone(); }

    /** Sorted MIDI pitches struck at step t (a copy); when onsets are not kept, a pitch counts as struck
     *  where it was not sounding at t-1. */
    public int[] onsetsAt(int t) {
        if (onsets != null) return onsets[t].clone();
        if (t == 0) return steps[0].clone();
        return Arrays.stream(steps[t]).filter(p -> Arrays.binarySearch(steps[t - 1], p) < 0).toArray();
    }

    public boolean isSounding(int t, int pitch) { return Arrays.binarySearch(steps[t], pitch) >= 0; }

    /** Number of pitches sounding at step t. */
    public int polyphonyAt(int t) { return steps[t].length; }

    /** All steps as arrays of sounding pitches (deep copy). */
    public int[][] steps() { return Arrays.stream(steps).map(int[]::clone).toArray(int[][]::new); }

    /** All onsets (deep copy), or null when not kept. */
    public int[][] onsets() { return onsets == null ? null : Arrays.stream(onsets).map(int[]::clone).toArray(int[][]::new); }

    /** Steps {@code [from, to)} as a new roll with the same settings. */
    public PianoRoll slice(int from, int to) {
        return toBuilder().steps(Arrays.copyOfRange(steps, from, to))
                .onsets(onsets == null ? null : Arrays.copyOfRange(onsets, from, to)).build();
    }

    /**
     * The same music on another pitch range: pitches outside the new range are dropped
     * (see {@link #countOutside(int, int)} to know how many).
     */
    public PianoRoll withRange(int newLowest, int newCount) {
        int[][] s = new int[steps.length][];
        int[][] o = onsets == null ? null : new int[steps.length][];
        for (int t = 0; t < steps.length; t++) {
            s[t] = Arrays.stream(steps[t]).filter(p -> p >= newLowest && p < newLowest + newCount).toArray();
            if (o != null) o[t] = Arrays.stream(onsets[t]).filter(p -> p >= newLowest && p < newLowest + newCount).toArray();
        }
        return toBuilder().range(newLowest, newCount).steps(s).onsets(o).build();
    }

    /** Note-steps that fall outside {@code [lowest, lowest + count)}. */
    public int countOutside(int lowest, int count) {
        int n = 0;
        for (int[] s : steps) for (int p : s) if (p < lowest || p >= lowest + count) n++;
        return n;
    }

    /** Transposed by {@code semitones}; the range stays, pitches that leave it are dropped. */
    public PianoRoll transpose(int semitones) {
        int[][] s = new int[steps.length][];
        int[][] o = onsets == null ? null : new int[steps.length][];
        int hi = lowestPitch + pitchCount;
        for (int t = 0; t < steps.length; t++) {
            s[t] = Arrays.stream(steps[t]).map(p -> p + semitones).filter(p -> p >= lowestPitch && p < hi).toArray();
            if (o != null) o[t] = Arrays.stream(onsets[t]).map(p -> p + semitones).filter(p -> p >= lowestPitch && p < hi).toArray();
        }
        return toBuilder().steps(s).onsets(o).build();
    }

    /**
     * Stable id of the quantised music: hex SHA-256 (first 16 bytes) over grid, range and content.
     * The name, tempo and time signature are not part of it: the same notes are the same piece.
     */
    public String contentHash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer head = ByteBuffer.allocate(16).putInt(stepsPerQuarter).putInt(lowestPitch).putInt(pitchCount)
                    .putInt(onsets == null ? 0 : 1);
            md.update(head.array());
            for (int t = 0; t < steps.length; t++) {
                ByteBuffer b = ByteBuffer.allocate(4 * (2 + steps[t].length + (onsets == null ? 0 : onsets[t].length)));
                b.putInt(steps[t].length);
                for (int p : steps[t]) b.putInt(p);
                if (onsets != null) { b.putInt(onsets[t].length); for (int p : onsets[t]) b.putInt(p); } else b.putInt(-1);
                md.update(b.array(), 0, b.position());
            }
            return HexFormat.of().formatHex(Arrays.copyOf(md.digest(), 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override public boolean equals(Object o) {
        if (!(o instanceof PianoRoll r)) return false;
        return stepsPerQuarter == r.stepsPerQuarter && lowestPitch == r.lowestPitch && pitchCount == r.pitchCount
                && Double.compare(qpm, r.qpm) == 0 && timeSignatureNumerator == r.timeSignatureNumerator
                && timeSignatureDenominator == r.timeSignatureDenominator && Objects.equals(name, r.name)
                && Arrays.deepEquals(steps, r.steps) && Arrays.deepEquals(onsets, r.onsets);
    }

    @Override public int hashCode() { return Objects.hash(name, stepsPerQuarter, lowestPitch, pitchCount, Arrays.deepHashCode(steps)); }

    @Override public String toString() {
        return "PianoRoll[" + name + ", " + steps.length + " steps @" + stepsPerQuarter + "/quarter, pitches "
                + lowestPitch + ".." + (lowestPitch + pitchCount - 1) + (onsets != null ? ", onsets" : "") + ", " + qpm + " qpm]";
    }

    /** Builder with the paper's defaults: 88 keys from A0, four steps per quarter, 120 qpm, 4/4. */
    public static final class Builder {
        private String name = "";
        private int stepsPerQuarter = 4;
        private int lowestPitch = PIANO_LOWEST;
        private int pitchCount = PIANO_KEYS;
        private int[][] steps = new int[0][];
        private int[][] onsets;
        private double qpm = 120.0;
        private int tsNum = 4, tsDen = 4;

        public Builder name(String name) { this.name = name == null ? "" : name; return this; }
        public Builder stepsPerQuarter(int spq) { this.stepsPerQuarter = spq; return this; }
        public Builder range(int lowestPitch, int pitchCount) { this.lowestPitch = lowestPitch; this.pitchCount = pitchCount; return this; }
        public Builder steps(int[][] steps) { this.steps = Objects.requireNonNull(steps); return this; }
        public Builder onsets(int[][] onsets) { this.onsets = onsets; return this; }
        public Builder qpm(double qpm) { this.qpm = qpm; return this; }
        public Builder timeSignature(int numerator, int denominator) { this.tsNum = numerator; this.tsDen = denominator; return this; }
        public PianoRoll build() { return new PianoRoll(this); }
    }

}
