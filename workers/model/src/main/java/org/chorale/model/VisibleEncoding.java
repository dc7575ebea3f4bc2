package org.chorale.model;

import org.chorale.music.PianoRoll;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Objects;

/**
 * Piano roll to RBM visible vectors and back.
 *
 * <p>Row r of the matrix is the window of frames {@code [r*stepsPerRbm, (r+1)*stepsPerRbm)} of the roll (the roll
 * is first cut to the config's pitch range; a trailing partial window is padded with silence). Within a row the
 * layout is frame-major; each frame holds {@code pitchCount} play bits, then (with onsets) {@code pitchCount}
 * onset bits. Unit index of pitch p in frame f: {@code f*framePitchUnits + (p - lowestPitch)} (+ pitchCount for
 * its onset bit).
 */
public final class VisibleEncoding {
    private final ModelConfig config;

    public VisibleEncoding(ModelConfig config) {
        this.config = Objects.requireNonNull(config).validate();
    }

    public ModelConfig config() { return config; }

    /** Visible rows the roll occupies: ceil(length / stepsPerRbm). */
    public int rows(PianoRoll roll) {
        return rows(roll.length());
    }

    /** Visible rows that {@code frames} frames occupy. */
    public int rows(int frames) {
        return (frames + config.stepsPerRbm() - 1) / config.stepsPerRbm();
    }

    /** The roll as [rows x nv] 0/1 values; pitches outside the config's range are dropped. */
    public INDArray encode(PianoRoll roll, DataType dtype) {
        double[] data = encodeToArray(roll);
        return Nd4j.create(data, new long[]{rows(roll), config.visibleSize()}, dtype);
    }

    /** The same encoding, sparse: for each row, the sorted indices of its units that are on. */
    int[][] activeUnits(PianoRoll roll) {
        int frameUnits = config.framePitchUnits(), spr = config.stepsPerRbm();
        int lo = config.lowestPitch(), count = config.pitchCount();
        int[][] out = new int[rows(roll)][];
        int[] buf = new int[config.visibleSize()];
        for (int r = 0; r < out.length; r++) {
            int n = 0;
            for (int f = 0; f < spr && r * spr + f < roll.length(); f++) {
                int t = r * spr + f, base = f * frameUnits;
                for (int p : roll.pitchesAt(t)) if (p >= lo && p < lo + count) buf[n++] = base + p - lo;
                if (config.onsets())
                    for (int p : roll.onsetsAt(t)) if (p >= lo && p < lo + count) buf[n++] = base + count + p - lo;
            }
            out[r] = java.util.Arrays.copyOf(buf, n);
            java.util.Arrays.sort(out[r]);
        }
        return out;
    }

    /** The same encoding as a row-major double array (used where plain Java loops beat ND4J ops). */
    double[] encodeToArray(PianoRoll roll) {
        int nv = config.visibleSize();
        int frameUnits = config.framePitchUnits();
        int lo = config.lowestPitch(), count = config.pitchCount();
        double[] data = new double[rows(roll) * nv];
        for (int t = 0; t < roll.length(); t++) {
            int base = (t / config.stepsPerRbm()) * nv + (t % config.stepsPerRbm()) * frameUnits;
            for (int p : roll.pitchesAt(t)) if (p >= lo && p < lo + count) data[base + p - lo] = 1;
            if (config.onsets())
                for (int p : roll.onsetsAt(t)) if (p >= lo && p < lo + count) data[base + count + p - lo] = 1;
        }
        return data;
    }

    /**
     * Visible rows back to a roll of rows*stepsPerRbm frames. Values above 0.5 count as on. The pitch range comes
     * from the config; name, grid, tempo and time signature from {@code settings}. With onsets, an onset bit
     * forces its play bit on (a struck note sounds), and the roll keeps the onsets.
     */
    public PianoRoll decode(INDArray visible, PianoRoll.Builder settings) {
        int nv = config.visibleSize();
        if (visible.rank() != 2 || visible.columns() != nv)
            throw new IllegalArgumentException("visible rows must be [rows x " + nv + "], got "
                    + java.util.Arrays.toString(visible.shape()));
        return decode(Arrays2.toRowMajor(visible), visible.rows(), settings);
    }

    /**
     * The roll as the model sees it: encoded and decoded again, so pitches outside the model's range are gone and,
     * without onset bits, a re-struck pitch is one long note. Corpus statistics compared with a model's samples are
     * taken on this view, or they would count what no model of this config can express.
     */
    public PianoRoll asSeenByModel(PianoRoll roll) {
        PianoRoll decoded = decodeActive(java.util.Arrays.asList(activeUnits(roll)), roll.toBuilder());
        return decoded.slice(0, roll.length());
    }

    /** Decodes sparse rows: for each, the indices of the units that are on. */
    PianoRoll decodeActive(List<int[]> rows, PianoRoll.Builder settings) {
        int nv = config.visibleSize();
        double[] row = new double[nv];
        int spr = config.stepsPerRbm();
        int[][] steps = new int[rows.size() * spr][], onsets = config.onsets() ? new int[steps.length][] : null;
        for (int r = 0; r < rows.size(); r++) {
            java.util.Arrays.fill(row, 0);
            for (int i : rows.get(r)) row[i] = 1;
            PianoRoll window = decode(row, 1, PianoRoll.builder().range(config.lowestPitch(), config.pitchCount()));
            for (int f = 0; f < spr; f++) {
                steps[r * spr + f] = window.pitchesAt(f);
                if (onsets != null) onsets[r * spr + f] = window.onsetsAt(f);
            }
        }
        return settings.range(config.lowestPitch(), config.pitchCount()).steps(steps).onsets(onsets).build();
    }

    /** Decodes {@code rows} rows held row-major in {@code data}. */
    PianoRoll decode(double[] data, int rows, PianoRoll.Builder settings) {
        int nv = config.visibleSize(), spr = config.stepsPerRbm(), frameUnits = config.framePitchUnits();
        int lo = config.lowestPitch(), count = config.pitchCount();
        int frames = rows * spr;
        int[][] steps = new int[frames][];
        int[][] onsets = config.onsets() ? new int[frames][] : null;
        int[] play = new int[count], struck = new int[count];
        for (int t = 0; t < frames; t++) {
            int base = (t / spr) * nv + (t % spr) * frameUnits;
            int np = 0, no = 0;
            for (int i = 0; i < count; i++) {
                boolean onset = config.onsets() && data[base + count + i] > 0.5;
                if (data[base + i] > 0.5 || onset) play[np++] = lo + i;
                if (onset) struck[no++] = lo + i;
            }
            steps[t] = java.util.Arrays.copyOf(play, np);
            if (onsets != null) onsets[t] = java.util.Arrays.copyOf(struck, no);
        }
        return settings.range(lo, count).steps(steps).onsets(onsets).build();
    }
}
