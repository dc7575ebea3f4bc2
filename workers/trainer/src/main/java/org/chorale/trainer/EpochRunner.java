package org.chorale.trainer;

import org.chorale.model.EpochReport;
import org.chorale.model.RnnRbm;
import org.chorale.model.SampleSettings;
import org.chorale.model.Sampler;
import org.chorale.model.TrainingSession;
import org.chorale.model.VisibleEncoding;
import org.chorale.model.eval.BernoulliBaseline;
import org.chorale.model.eval.EvalSettings;
import org.chorale.model.eval.Evaluation;
import org.chorale.model.eval.Evaluator;
import org.chorale.model.eval.SampleFidelity;
import org.chorale.music.MusicStats;
import org.chorale.music.PianoRoll;

import java.util.List;
import java.util.Map;

/**
 * The model's side of one epoch, with no Kafka in sight: train, validate against the Bernoulli baseline, and
 * describe a few seeded samples. Every random choice is seeded from the job's seed and the epoch, so an epoch
 * redone after a crash produces the same numbers and the same parameters.
 */
final class EpochRunner {
    /** Random stream of the per-epoch samples, apart from the streams training uses (epoch numbers). */
    private static final long SAMPLE_STREAM = 1L << 40;

    private final int sampleCount;
    private final int sampleSteps;
    private final int validateEvery;

    /**
     * @param sampleCount   pieces sampled after each epoch for their music statistics (0: none)
     * @param sampleSteps   length of each sample in time steps
     * @param validateEvery validate after every n-th epoch and after the job's last one (1: every epoch);
     *                      validation (AIS) can cost more than a short epoch's training
     */
    EpochRunner(int sampleCount, int sampleSteps, int validateEvery) {
        if (validateEvery < 1) throw new IllegalArgumentException("validate-every must be >= 1, got " + validateEvery);
        this.sampleCount = sampleCount;
        this.sampleSteps = sampleSteps;
        this.validateEvery = validateEvery;
    }

    /** Validation figures of an epoch (per time step, in nats; accuracy 0..1). */
    record Validation(double nllPerStep, double frameAccuracy, double baselineNllPerStep) {}

    /**
     * What an epoch did; {@code validation} is null without a validation split or when this epoch was not due. {@code sampleStats} describes the
     * epoch's seeded samples and {@code corpusStats} the training split, under the same keys, so the two can be
     * plotted side by side (both empty when sampling is off).
     */
    record EpochResult(EpochReport report, Validation validation, Map<String, Double> sampleStats,
                       Map<String, Double> corpusStats) {}

    /** Trains one epoch; {@code lastEpoch}: the job's final epoch, always validated. */
    EpochResult run(TrainingSession session, TrainingData data, boolean lastEpoch) {
        EpochReport report = session.runEpoch(data.train());
        RnnRbm model = session.model();
        boolean due = lastEpoch || report.epoch() % validateEvery == 0;
        Validation validation = data.valid().isEmpty() || !due ? null : validate(model, data);
        Map<String, Double> samples = sampleStats(model, session.seed(), report.epoch());
        // the corpus is measured each epoch (milliseconds): the dataset may have grown since the last one
        Map<String, Double> corpus = samples.isEmpty() ? Map.of() : corpusStats(model, data);
        return new EpochResult(report, validation, samples, corpus);
    }

    private Validation validate(RnnRbm model, TrainingData data) {
        // Fast per-epoch settings (seeded, so a redone epoch reports the same), with the model's accuracy samples.
        Evaluation evaluation = Evaluator.evaluate(model, data.valid(), EvalSettings.perEpoch(model.config()));
        double baseline = BernoulliBaseline.fit(model.config(), data.train()).nllPerStep(data.valid());
        return new Validation(evaluation.nllPerStep(), evaluation.frameAccuracy(), baseline);
    }

    /**
     * The training split as the model sees it (its range, its onset bits), cut into excerpts as long as the samples,
     * so that it compares with them: whole pieces use more distinct pitches and a wider range than any 64 steps do.
     */
    private Map<String, Double> corpusStats(RnnRbm model, TrainingData data) {
        VisibleEncoding encoding = new VisibleEncoding(model.config());
        List<PianoRoll> seen = data.train().stream().map(encoding::asSeenByModel).toList();
        return MusicStats.of(SampleFidelity.excerpts(seen, sampleSteps)).asMap();
    }

    private Map<String, Double> sampleStats(RnnRbm model, long seed, int epoch) {
        if (sampleCount <= 0 || sampleSteps <= 0) return Map.of();
        SampleSettings settings = SampleSettings.of(sampleSteps, TrainingSession.seedFor(seed, SAMPLE_STREAM + epoch))
                .withCount(sampleCount).withGibbsSteps(Math.min(model.config().cdK(), 25)).withName("epoch-" + epoch);
        Sampler.Samples samples = new Sampler(model).sampleCounting(settings);
        return MusicStats.of(samples.pieces(), samples.invalidStates()).asMap();
    }
}
