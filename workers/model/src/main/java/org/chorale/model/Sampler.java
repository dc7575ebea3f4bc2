package org.chorale.model;

import org.chorale.music.PianoRoll;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Composes with an {@link RnnRbm}, as in the paper: run the RNN over the primer, then for each new step compute
 * bv_t = bv + u_{t-1} Wuv and bh_t = bh + u_{t-1} Wuh, run k Gibbs steps in RBM_t starting from the previous
 * frame (silence at the very start), keep the sample v_t, and feed it to the RNN: u_t = f(bu + v_t Wvu + u_{t-1} Wuu).
 *
 * <p>The loop is sequential by nature, so it runs on plain Java arrays, where a small step costs microseconds
 * instead of ND4J's per-op overhead, and it exploits that v and h are binary: v W sums the rows of W for the units
 * that are on. Each piece draws from its own {@link SplittableRandom} seeded with seed + i, so piece i of a
 * request equals a one-piece request with seed + i. Immutable and thread-safe; build one per model and reuse it.
 */
public final class Sampler {
    private final ModelConfig config;
    private final VisibleEncoding encoding;
    private final int nv, nh, nu;
    private final double[] w, wT, bv, bh, wuv, wuh, wvu, wuu, bu;

    public Sampler(RnnRbm model) {
        this.config = model.config();
        this.encoding = new VisibleEncoding(config);
        nv = config.visibleSize();
        nh = config.hidden();
        nu = config.recurrent();
        Parameters p = model.params();
        w = Arrays2.toRowMajor(p.get(Parameters.W));
        wT = Arrays2.toRowMajor(p.get(Parameters.W).transpose());
        bv = Arrays2.toRowMajor(p.get(Parameters.BV));
        bh = Arrays2.toRowMajor(p.get(Parameters.BH));
        wuv = Arrays2.toRowMajor(p.get(Parameters.WUV));
        wuh = Arrays2.toRowMajor(p.get(Parameters.WUH));
        wvu = Arrays2.toRowMajor(p.get(Parameters.WVU));
        wuu = Arrays2.toRowMajor(p.get(Parameters.WUU));
        bu = Arrays2.toRowMajor(p.get(Parameters.BU));
    }

    public ModelConfig config() { return config; }

    /** {@code settings.count()} pieces; each has the config's grid and range and the settings' name and tempo. */
    public List<PianoRoll> sample(SampleSettings settings) {
        return sampleCounting(settings).pieces();
    }

    /**
     * Pieces and the invalid states met while sampling them.
     *
     * @param pieces        as {@link #sample}
     * @param invalidStates sampled re-strike bits whose play bit was off (articulation without sound): decoding
     *                      turns each into a struck note, so no piece holds one, but a model that samples many of
     *                      them has not learned that a struck note sounds (0 for models without onset bits)
     */
    public record Samples(List<PianoRoll> pieces, long invalidStates) {}

    /** As {@link #sample}, also counting the invalid states that decoding repaired. */
    public Samples sampleCounting(SampleSettings settings) {
        Objects.requireNonNull(settings, "settings").validate(config);
        int[][] primerRows = settings.primer() == null ? new int[0][] : encoding.activeUnits(settings.primer());
        boolean[] allowedUnits = allowedUnits(settings.allowedPitches());
        int rowsToGenerate = encoding.rows(settings.steps());
        // Piece i has its own stream (seed + i), so the pieces are drawn on all cores at once and still come out
        // the same as one after another. Each piece is a chain of small vector-matrix steps; batching pieces into
        // ND4J matrix products would pay ND4J's per-op cost on every Gibbs step and lose below ~12 pieces.
        Samples[] one = new Samples[settings.count()];
        IntStream.range(0, settings.count()).parallel().forEach(i -> {
            List<int[]> rows = new ArrayList<>(rowsToGenerate + primerRows.length);
            if (settings.includePrimer()) rows.addAll(java.util.Arrays.asList(primerRows));
            int generatedFrom = rows.size();
            samplePiece(primerRows, rowsToGenerate, settings, allowedUnits, new SplittableRandom(settings.seed() + i), rows);
            long invalid = 0;
            for (int r = generatedFrom; r < rows.size(); r++) invalid += strikesWithoutSound(rows.get(r));
            one[i] = new Samples(List.of(toRoll(rows, settings)), invalid);
        });
        List<PianoRoll> pieces = new ArrayList<>(one.length);
        long invalid = 0;
        for (Samples piece : one) {
            pieces.addAll(piece.pieces());
            invalid += piece.invalidStates();
        }
        return new Samples(pieces, invalid);
    }

    /** Onset units that are on while their pitch's play unit is off, in one sorted row of active units. */
    private int strikesWithoutSound(int[] activeUnits) {
        if (!config.onsets()) return 0;
        int frameUnits = config.framePitchUnits(), count = config.pitchCount(), n = 0;
        for (int unit : activeUnits) {
            int inFrame = unit % frameUnits;
            if (inFrame >= count && java.util.Arrays.binarySearch(activeUnits, unit - count) < 0) n++;
        }
        return n;
    }

    /** Appends the generated rows (indices of the units on) to {@code out}. */
    private void samplePiece(int[][] primerRows, int rows, SampleSettings s, boolean[] allowed, SplittableRandom rng,
                             List<int[]> out) {
        double[] u = new double[nu], uNext = new double[nu];
        double[] v = new double[nv];
        RnnCell cell = new RnnCell(config, wuu);
        double[] drive = new double[bu.length];
        for (int[] row : primerRows) {
            java.util.Arrays.fill(v, 0);
            for (int i : row) v[i] = 1;
            advance(cell, drive, u, uNext, v);
            double[] t = u; u = uNext; uNext = t;
        }
        double invT = 1 / s.temperature();
        double[] bvT = new double[nv], bhT = new double[nh], h = new double[nh];
        int[] on = new int[nv];
        for (int r = 0; r < rows; r++) {
            // RBM_t's biases from u_{t-1}; the chain starts from v_{t-1} (still in v).
            System.arraycopy(bv, 0, bvT, 0, nv);
            System.arraycopy(bh, 0, bhT, 0, nh);
            Recurrence.addProduct(u, 0, wuv, nu, nv, bvT, 0);
            Recurrence.addProduct(u, 0, wuh, nu, nh, bhT, 0);
            for (int k = 1; k <= s.gibbsSteps(); k++) {
                conditional(v, nv, w, nh, bhT, invT, null, h, rng, false);
                conditional(h, nh, wT, nv, bvT, invT, allowed, v, rng, k == s.gibbsSteps() && s.meanFieldFinal());
            }
            if (s.minNoteProbability() > 0) dropImprobable(h, bvT, invT, s.minNoteProbability(), v);
            int n = 0;
            for (int i = 0; i < nv; i++) if (v[i] != 0) on[n++] = i;
            out.add(java.util.Arrays.copyOf(on, n));
            advance(cell, drive, u, uNext, v);
            double[] t = u; u = uNext; uNext = t;
        }
    }

    /**
     * Turns off every unit of v that is on although p(v_i = 1 | h) = s(invT (bv_t,i + (W h)_i)) is below {@code floor};
     * a play bit's onset bit goes with it (no articulation without sound). Onset bits below the floor go alone (the
     * note is then held, not struck again). Drawing nothing, it leaves the random stream as it was.
     */
    private void dropImprobable(double[] h, double[] bvT, double invT, double floor, double[] v) {
        int frameUnits = config.framePitchUnits(), count = config.pitchCount();
        for (int i = 0; i < nv; i++) {
            if (v[i] == 0) continue;
            double a = bvT[i];
            int row = i * nh;
            for (int j = 0; j < nh; j++) if (h[j] != 0) a += w[row + j];
            if (Sampling.sigmoid(invT * a) >= floor) continue;
            v[i] = 0;
            if (config.onsets() && i % frameUnits < count) v[i + count] = 0;
        }
    }

    /** uNext = the RNN's next state after v (f(bu + v Wvu + u Wuu), or the LSTM's), u the current one. */
    private void advance(RnnCell cell, double[] drive, double[] u, double[] uNext, double[] v) {
        System.arraycopy(bu, 0, drive, 0, bu.length);
        Recurrence.addProduct(v, 0, wvu, nv, bu.length, drive, 0);
        cell.step(drive, 0, u, 0, uNext, 0);
    }

    /**
     * One half Gibbs step: out_j ~ Bernoulli(s(invT * (bias_j + (x M)_j))) with x binary [n], M [n x m]. Units not
     * {@code allowed} are clamped to 0; {@code meanField} thresholds the probability at 0.5 instead of sampling.
     */
    private static void conditional(double[] x, int n, double[] m, int cols, double[] bias, double invT,
                                    boolean[] allowed, double[] out, SplittableRandom rng, boolean meanField) {
        System.arraycopy(bias, 0, out, 0, cols);
        for (int i = 0; i < n; i++) {
            if (x[i] == 0) continue;
            int row = i * cols;
            for (int j = 0; j < cols; j++) out[j] += m[row + j];
        }
        for (int j = 0; j < cols; j++) {
            if (allowed != null && !allowed[j]) { out[j] = 0; continue; }
            double p = Sampling.sigmoid(invT * out[j]);
            out[j] = meanField ? (p > 0.5 ? 1 : 0) : (rng.nextDouble() < p ? 1 : 0);
        }
    }

    private boolean[] allowedUnits(boolean[] allowedPitches) {
        if (allowedPitches == null) return null;
        boolean[] units = new boolean[nv];
        int frameUnits = config.framePitchUnits(), count = config.pitchCount();
        for (int frame = 0; frame < config.stepsPerRbm(); frame++)
            for (int i = 0; i < count; i++) {
                units[frame * frameUnits + i] = allowedPitches[i];
                if (config.onsets()) units[frame * frameUnits + count + i] = allowedPitches[i];
            }
        return units;
    }

    private PianoRoll toRoll(List<int[]> rows, SampleSettings s) {
        PianoRoll.Builder settings = PianoRoll.builder().name(s.name()).stepsPerQuarter(config.stepsPerQuarter())
                .qpm(s.qpm()).timeSignature(s.timeSignatureNumerator(), s.timeSignatureDenominator());
        PianoRoll roll = encoding.decodeActive(rows, settings);
        int lead = s.includePrimer() && s.primer() != null ? encoding.rows(s.primer()) * config.stepsPerRbm() : 0;
        return roll.slice(0, lead + s.steps());
    }
}
