package org.chorale.it.fleet;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.chorale.events.CompositionRequested;
import org.chorale.events.EpochRequested;
import org.chorale.events.Hyperparameters;
import org.chorale.events.ModelCheckpoint;
import org.chorale.model.Checkpoints;
import org.chorale.model.ModelConfig;
import org.chorale.model.TrainingSession;
import org.chorale.trainer.HyperparametersMapper;

/** Small models and the events that start or use them, sized so the fault tests run in seconds on two cores. */
public final class Models {
    private Models() {}

    /** A tiny RNN-RBM on a 61-key grid: an epoch over a few demo pieces takes seconds. */
    public static Hyperparameters tiny(int epochs) {
        return Hyperparameters.newBuilder()
                .setLowestPitch(36).setPitchCount(61).setStepsPerQuarter(4)
                .setHidden(16).setRecurrent(16).setCdK(1)
                .setBatchSize(8).setChunkLength(32).setLearningRate(0.01)
                .setEpochs(epochs).setValidationSamples(2)
                .build();
    }

    /** The first epoch of a training job. */
    public static EpochRequested firstEpoch(String modelId, String dataset, Hyperparameters h, long seed) {
        return EpochRequested.newBuilder().setModelId(modelId).setEpoch(1).setFromVersion(null)
                .setHyperparameters(h).setDataset(dataset).setSeed(seed).setRequestedAt(Instant.now()).build();
    }

    /**
     * Version 1 of a model with randomly initialised parameters, as the trainer would publish it: enough for a
     * generator to compose with, without training.
     */
    public static ModelCheckpoint untrainedCheckpoint(String modelId, Hyperparameters h, long seed) {
        ModelConfig config = HyperparametersMapper.toConfig(h).validate();
        byte[] parameters = Checkpoints.encode(TrainingSession.start(config, seed).checkpoint());
        return ModelCheckpoint.newBuilder()
                .setModelId(modelId).setVersion(1).setEpoch(0).setHyperparameters(h)
                .setDataset("none").setDatasetFingerprint("none").setSeed(seed).setCodeVersion("it")
                .setParameters(ByteBuffer.wrap(parameters)).setMetrics(Map.of()).setCreatedAt(Instant.now())
                .build();
    }

    /** A short composition request: {@code steps} time steps, few Gibbs steps, a fixed seed. */
    public static CompositionRequested shortRequest(String requestId, String modelId, int steps) {
        return CompositionRequested.newBuilder().setRequestId(requestId).setModelId(modelId).setSteps(steps)
                .setGibbsSteps(5).setSeed((long) requestId.hashCode()).setRequestedAt(Instant.now()).build();
    }
}
