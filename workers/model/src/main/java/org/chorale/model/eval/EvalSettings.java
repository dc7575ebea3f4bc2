package org.chorale.model.eval;

import org.chorale.model.ModelConfig;

/**
 * How {@link Evaluator} measures a model.
 *
 * @param aisRuns          M, AIS runs per conditional RBM
 * @param aisTemperatures  K, AIS intermediate distributions
 * @param aisSchedule      spacing of the AIS inverse temperatures
 * @param aisBase          AIS base-rate model
 * @param exactMaxUnits    log Z is enumerated exactly when the RBM's smaller layer has at most this many units
 *                         (cost 2^n x other-layer softplus per step), by AIS otherwise
 * @param accuracySamples  S, samples per step for the expected frame accuracy; 0 = mean-field prediction
 * @param gibbsSteps       k, Gibbs steps of each accuracy sample (as in generation)
 * @param maxStepsPerBatch steps handed to AIS at once, bounding its memory (steps x M log weights)
 * @param seed             seed of every random stream (AIS and accuracy sampling)
 */
public record EvalSettings(int aisRuns, int aisTemperatures, AisSchedule aisSchedule, AisBase aisBase,
                           int exactMaxUnits, int accuracySamples, int gibbsSteps, int maxStepsPerBatch, long seed) {
    /** Generation's default number of Gibbs steps per sampled step (CompositionRequested.gibbsSteps). */
    public static final int GENERATION_GIBBS_STEPS = 25;

    public EvalSettings {
        if (aisRuns < 1 || aisTemperatures < 1) throw new IllegalArgumentException("AIS needs runs and temperatures >= 1");
        if (aisSchedule == null || aisBase == null) throw new IllegalArgumentException("AIS schedule and base are required");
        if (exactMaxUnits < 0 || exactMaxUnits > PartitionFunction.MAX_ENUMERATED_UNITS)
            throw new IllegalArgumentException("exactMaxUnits must be in 0.." + PartitionFunction.MAX_ENUMERATED_UNITS);
        if (accuracySamples < 0) throw new IllegalArgumentException("accuracySamples must be >= 0");
        if (gibbsSteps < 1) throw new IllegalArgumentException("gibbsSteps must be >= 1");
        if (maxStepsPerBatch < 1) throw new IllegalArgumentException("maxStepsPerBatch must be >= 1");
    }

    /** Cheap enough to run after every training epoch (see the report for its cost on JSB's validation split). */
    public static EvalSettings perEpoch() {
        AisSettings a = AisSettings.fast();
        // Exact log Z only up to 12 units per epoch: enumerating 2^16..2^20 states at every validation step took
        // minutes per epoch on 2 cores (measured with 16 hidden units), while the fast AIS costs seconds.
        return new EvalSettings(a.runs(), a.temperatures(), a.schedule(), a.base(), 12, 10, GENERATION_GIBBS_STEPS,
                2000, 1);
    }

    /** For the final results table: the paper's 100 AIS runs, K = {@link Ais#PAPER_TEMPERATURES}, 50 samples per
     *  step for the expected accuracy. */
    public static EvalSettings paper() {
        AisSettings a = AisSettings.paper();
        return new EvalSettings(a.runs(), a.temperatures(), a.schedule(), a.base(), 20, 50, GENERATION_GIBBS_STEPS,
                2000, 1);
    }

    /** Per-epoch settings with the accuracy samples the model's config asks for (validationSamples; 0 = mean-field). */
    public static EvalSettings perEpoch(ModelConfig config) {
        return perEpoch().withAccuracySamples(config.validationSamples());
    }

    public AisSettings ais() {
        return new AisSettings(aisRuns, aisTemperatures, aisSchedule, aisBase, seed);
    }

    public EvalSettings withAis(int runs, int temperatures) {
        return new EvalSettings(runs, temperatures, aisSchedule, aisBase, exactMaxUnits, accuracySamples, gibbsSteps, maxStepsPerBatch, seed);
    }

    public EvalSettings withAisBase(AisBase base) {
        return new EvalSettings(aisRuns, aisTemperatures, aisSchedule, base, exactMaxUnits, accuracySamples, gibbsSteps, maxStepsPerBatch, seed);
    }

    public EvalSettings withExactMaxUnits(int n) {
        return new EvalSettings(aisRuns, aisTemperatures, aisSchedule, aisBase, n, accuracySamples, gibbsSteps, maxStepsPerBatch, seed);
    }

    public EvalSettings withAccuracySamples(int s) {
        return new EvalSettings(aisRuns, aisTemperatures, aisSchedule, aisBase, exactMaxUnits, s, gibbsSteps, maxStepsPerBatch, seed);
    }

    public EvalSettings withGibbsSteps(int k) {
        return new EvalSettings(aisRuns, aisTemperatures, aisSchedule, aisBase, exactMaxUnits, accuracySamples, k, maxStepsPerBatch, seed);
    }

    public EvalSettings withMaxStepsPerBatch(int n) {
        return new EvalSettings(aisRuns, aisTemperatures, aisSchedule, aisBase, exactMaxUnits, accuracySamples, gibbsSteps, n, seed);
    }

    public EvalSettings withSeed(long s) {
        return new EvalSettings(aisRuns, aisTemperatures, aisSchedule, aisBase, exactMaxUnits, accuracySamples, gibbsSteps, maxStepsPerBatch, s);
    }
}
