package org.chorale.model;

import org.chorale.music.PianoRoll;

import java.util.Objects;

/**
 * What to compose.
 *
 * @param steps                frames to generate (after the primer); at most {@code maxSteps}
 * @param primer               music to run the RNN over first (null or empty: start from silence, u_0 = 0)
 * @param includePrimer        whether the output starts with the primer (padded with silence to whole RBM windows)
 * @param gibbsSteps           k, Gibbs steps per generated RBM step (the write-up: 25)
 * @param temperature          energies are divided by it (W and every bias); 1 samples the model as trained
 * @param seed                 piece i of a request uses seed + i: same model + settings + seed = same music
 * @param meanFieldFinal       make the last Gibbs step's visible units mean-field thresholded at 0.5, not sampled
 * @param minNoteProbability   a floor on the emitted notes: after the last Gibbs step, a unit that is on although
 *                             its probability p(v_i = 1 | h) under the chain's last hidden sample is below this is
 *                             turned off (a note's onset bit with it), and the frame so thinned is the one the RNN
 *                             and the next chain continue from. 0 (the default) keeps every sample; small values
 *                             (~0.02) drop stray notes that the model gives almost no weight
 * @param allowedPitches       per pitch of the model's range (index = pitch - lowestPitch), whether it may sound;
 *                             null allows all. Disallowed pitches are clamped off inside every Gibbs step.
 * @param count                pieces to compose
 * @param name                 name of the pieces
 * @param qpm                  tempo written into the pieces
 * @param maxSteps             limit on {@code steps} and on the primer's length, and a tenth of the limit on
 *                             count x steps (guards a worker's memory and time)
 */
public record SampleSettings(int steps, PianoRoll primer, boolean includePrimer, int gibbsSteps, double temperature,
                             long seed, boolean meanFieldFinal, double minNoteProbability, boolean[] allowedPitches, int count, String name,
                             double qpm, int timeSignatureNumerator, int timeSignatureDenominator, int maxSteps) {
    public static final int DEFAULT_MAX_STEPS = 100_000;
    public static final int MAX_COUNT = 1000;

    public SampleSettings {
        allowedPitches = allowedPitches == null ? null : allowedPitches.clone();
        name = Objects.requireNonNullElse(name, "");
    }

    /** {@code steps} frames from silence, k = 25, temperature 1, one piece, 120 qpm in 4/4. */
    public static SampleSettings of(int steps, long seed) {
        return new SampleSettings(steps, null, false, 25, 1.0, seed, false, 0.0, null, 1, "chorale", 120.0, 4, 4,
                DEFAULT_MAX_STEPS);
    }

    @Override public boolean[] allowedPitches() { return allowedPitches == null ? null : allowedPitches.clone(); }

    /** Checks the settings against a model config; the message says what is wrong. */
    public SampleSettings validate(ModelConfig config) {
        if (maxSteps <= 0) throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        if (steps > maxSteps)
            throw new IllegalArgumentException("steps " + steps + " exceeds the limit of " + maxSteps + " steps per piece");
        if (primer != null && primer.length() > maxSteps)
            throw new IllegalArgumentException("primer of " + primer.length() + " steps exceeds the limit of " + maxSteps);
        if (gibbsSteps < 1 || gibbsSteps > 10_000)
            throw new IllegalArgumentException("gibbsSteps must be in 1..10000, got " + gibbsSteps);
        if (!(temperature > 0) || Double.isInfinite(temperature))
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        if (!(minNoteProbability >= 0 && minNoteProbability < 1))
            throw new IllegalArgumentException("minNoteProbability must be in [0, 1), got " + minNoteProbability);
        if (count < 1 || count > MAX_COUNT)
            throw new IllegalArgumentException("count must be in 1.." + MAX_COUNT + ", got " + count);
        if ((long) count * steps > 10L * maxSteps)
            throw new IllegalArgumentException(count + " pieces of " + steps + " steps exceed the limit of "
                    + 10L * maxSteps + " steps per request");
        if (allowedPitches != null && allowedPitches.length != config.pitchCount())
            throw new IllegalArgumentException("allowedPitches has " + allowedPitches.length
                    + " entries, the model has " + config.pitchCount() + " pitches");
        if (!(qpm > 0) || Double.isInfinite(qpm)) throw new IllegalArgumentException("qpm must be positive, got " + qpm);
        return this;
    }

    /** Allowed pitches given as MIDI numbers, for a model whose range starts at {@code lowestPitch}. */
    public static boolean[] allowOnly(ModelConfig config, int... midiPitches) {
        boolean[] allowed = new boolean[config.pitchCount()];
        for (int p : midiPitches)
            if (p >= config.lowestPitch() && p < config.lowestPitch() + config.pitchCount())
                allowed[p - config.lowestPitch()] = true;
        return allowed;
    }

    public SampleSettings withSteps(int v) { return new SampleSettings(v, primer, includePrimer, gibbsSteps, temperature, seed, meanFieldFinal, minNoteProbability, allowedPitches, count, name, qpm, timeSignatureNumerator, timeSignatureDenominator, maxSteps); }
    public SampleSettings withPrimer(PianoRoll v, boolean include) { return new SampleSettings(steps, v, include, gibbsSteps, temperature, seed, meanFieldFinal, minNoteProbability, allowedPitches, count, name, qpm, timeSignatureNumerator, timeSignatureDenominator, maxSteps); }
    public SampleSettings withGibbsSteps(int v) { return new SampleSettings(steps, primer, includePrimer, v, temperature, seed, meanFieldFinal, minNoteProbability, allowedPitches, count, name, qpm, timeSignatureNumerator, timeSignatureDenominator, maxSteps); }
    public SampleSettings withTemperature(double v) { return new SampleSettings(steps, primer, includePrimer, gibbsSteps, v, seed, meanFieldFinal, minNoteProbability, allowedPitches, count, name, qpm, timeSignatureNumerator, timeSignatureDenominator, maxSteps); }
    public SampleSettings withSeed(long v) { return new SampleSettings(steps, primer, includePrimer, gibbsSteps, temperature, v, meanFieldFinal, minNoteProbability, allowedPitches, count, name, qpm, timeSignatureNumerator, timeSignatureDenominator, maxSteps); }
    public SampleSettings withMeanFieldFinal(boolean v) { return new SampleSettings(steps, primer, includePrimer, gibbsSteps, temperature, seed, v, minNoteProbability, allowedPitches, count, name, qpm, timeSignatureNumerator, timeSignatureDenominator, maxSteps); }
    public SampleSettings withMinNoteProbability(double v) { return new SampleSettings(steps, primer, includePrimer, gibbsSteps, temperature, seed, meanFieldFinal, v, allowedPitches, count, name, qpm, timeSignatureNumerator, timeSignatureDenominator, maxSteps); }
    public SampleSettings withAllowedPitches(boolean[] v) { return new SampleSettings(steps, primer, includePrimer, gibbsSteps, temperature, seed, meanFieldFinal, minNoteProbability, v, count, name, qpm, timeSignatureNumerator, timeSignatureDenominator, maxSteps); }
    public SampleSettings withCount(int v) { return new SampleSettings(steps, primer, includePrimer, gibbsSteps, temperature, seed, meanFieldFinal, minNoteProbability, allowedPitches, v, name, qpm, timeSignatureNumerator, timeSignatureDenominator, maxSteps); }
    public SampleSettings withName(String v) { return new SampleSettings(steps, primer, includePrimer, gibbsSteps, temperature, seed, meanFieldFinal, minNoteProbability, allowedPitches, count, v, qpm, timeSignatureNumerator, timeSignatureDenominator, maxSteps); }
    public SampleSettings withQpm(double v) { return new SampleSettings(steps, primer, includePrimer, gibbsSteps, temperature, seed, meanFieldFinal, minNoteProbability, allowedPitches, count, name, v, timeSignatureNumerator, timeSignatureDenominator, maxSteps); }
    public SampleSettings withTimeSignature(int num, int den) { return new SampleSettings(steps, primer, includePrimer, gibbsSteps, temperature, seed, meanFieldFinal, minNoteProbability, allowedPitches, count, name, qpm, num, den, maxSteps); }
    public SampleSettings withMaxSteps(int v) { return new SampleSettings(steps, primer, includePrimer, gibbsSteps, temperature, seed, meanFieldFinal, minNoteProbability, allowedPitches, count, name, qpm, timeSignatureNumerator, timeSignatureDenominator, v); }
}
