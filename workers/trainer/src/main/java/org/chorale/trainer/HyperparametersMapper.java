package org.chorale.trainer;

import org.chorale.events.Hyperparameters;
import org.chorale.model.ModelConfig;

/**
 * The one place where the Avro {@link Hyperparameters} of an event and the model's {@link ModelConfig} meet.
 * They mirror each other field for field (same names, same defaults), so each direction is a plain copy; a test
 * round-trips every field so a field added to one side and forgotten here shows up at once.
 */
public final class HyperparametersMapper {
    private HyperparametersMapper() {}

    /** The model configuration a request asks for (not yet validated: see {@link ModelConfig#validate()}). */
    public static ModelConfig toConfig(Hyperparameters h) {
        return new ModelConfig(
                h.getLowestPitch(), h.getPitchCount(), h.getStepsPerQuarter(), h.getStepsPerRbm(), h.getOnsets(),
                h.getHidden(), h.getRecurrent(), h.getRecurrence(), h.getCdK(), h.getOptimizer(),
                h.getLearningRate(), h.getMomentum(), h.getBatchSize(), h.getChunkLength(), h.getGradientClip(),
                h.getWeightInitStd(), h.getPretrainEpochs(), h.getEpochs(), h.getPatience(), h.getValidationSamples(),
                h.getVisibleBiasInit(), h.getLearningRateDecayEpochs());
    }

    /** The Avro record that describes {@code c}, for checkpoints and follow-up epoch requests. */
    public static Hyperparameters toAvro(ModelConfig c) {
        return Hyperparameters.newBuilder()
                .setLowestPitch(c.lowestPitch()).setPitchCount(c.pitchCount())
                .setStepsPerQuarter(c.stepsPerQuarter()).setStepsPerRbm(c.stepsPerRbm()).setOnsets(c.onsets())
                .setHidden(c.hidden()).setRecurrent(c.recurrent()).setRecurrence(c.recurrence())
                .setCdK(c.cdK()).setOptimizer(c.optimizer())
                .setLearningRate(c.learningRate()).setMomentum(c.momentum())
                .setBatchSize(c.batchSize()).setChunkLength(c.chunkLength()).setGradientClip(c.gradientClip())
                .setWeightInitStd(c.weightInitStd()).setPretrainEpochs(c.pretrainEpochs())
                .setEpochs(c.epochs()).setPatience(c.patience()).setValidationSamples(c.validationSamples())
                .setVisibleBiasInit(c.visibleBiasInit()).setLearningRateDecayEpochs(c.learningRateDecayEpochs())
                .build();
    }
}
