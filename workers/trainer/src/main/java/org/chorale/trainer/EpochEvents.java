package org.chorale.trainer;

import org.chorale.events.EpochCompleted;
import org.chorale.events.EpochRequested;
import org.chorale.events.ModelCheckpoint;
import org.chorale.model.ModelConfig;
import org.chorale.trainer.EpochRunner.EpochResult;
import org.chorale.trainer.EpochRunner.Validation;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The three events an epoch publishes in its transaction, built from what the epoch did. */
final class EpochEvents {
    private EpochEvents() {}

    /** The figures a checkpoint keeps (and early stopping reads back on the next epoch). */
    static Map<String, Double> metrics(EpochResult result, EarlyStopping stopping) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("trainCost", result.report().meanCost());
        m.put("gradientNorm", result.report().meanGradientNorm());
        m.put("timesteps", (double) result.report().timeSteps());
        m.put("seconds", result.report().seconds());
        m.put("timestepsPerSecond", result.report().timeStepsPerSecond());
        Validation v = result.validation();
        if (v != null) {
            m.put("validNllPerStep", v.nllPerStep());
            m.put("validFrameAccuracy", v.frameAccuracy());
            m.put("baselineNllPerStep", v.baselineNllPerStep());
        }
        m.putAll(stopping.asMetrics());
        return m;
    }

    /**
     * @param config     the configuration the epoch trained with (the request's, normalised)
     * @param parameters the model and optimizer in Chorale's checkpoint format
     */
    static ModelCheckpoint checkpoint(EpochRequested request, ModelConfig config, int epoch, String fingerprint,
                                      String codeVersion, byte[] parameters, Map<String, Double> metrics, Instant now) {
        return ModelCheckpoint.newBuilder()
                .setModelId(request.getModelId()).setVersion(epoch).setEpoch(epoch)
                .setHyperparameters(HyperparametersMapper.toAvro(config))
                .setDataset(request.getDataset()).setDatasetFingerprint(fingerprint)
                .setSeed(request.getSeed()).setCodeVersion(codeVersion)
                .setParameters(ByteBuffer.wrap(parameters)).setMetrics(metrics).setCreatedAt(now)
                .build();
    }

    static EpochCompleted completed(EpochRequested request, EpochResult result, int epoch, String worker,
                                    boolean finalEpoch, boolean stoppedEarly, Instant now) {
        Validation v = result.validation();
        return EpochCompleted.newBuilder()
                .setModelId(request.getModelId()).setEpoch(epoch).setVersion(epoch)
                .setTrainCost(result.report().meanCost())
                .setValidNllPerStep(v == null ? null : v.nllPerStep())
                .setValidFrameAccuracy(v == null ? null : v.frameAccuracy())
                .setBaselineNllPerStep(v == null ? null : v.baselineNllPerStep())
                .setGradientNorm(result.report().meanGradientNorm())
                .setTimesteps(result.report().timeSteps()).setSeconds(result.report().seconds())
                .setWorker(worker).setFinalEpoch(finalEpoch).setStoppedEarly(stoppedEarly)
                .setMusicStats(musicStats(result)).setCompletedAt(now)
                .build();
    }

    /** The samples' statistics under their own names, the training corpus's under {@value #CORPUS_PREFIX} + name. */
    static Map<String, Double> musicStats(EpochResult result) {
        Map<String, Double> m = new LinkedHashMap<>(result.sampleStats());
        result.corpusStats().forEach((stat, value) -> m.put(CORPUS_PREFIX + stat, value));
        return m;
    }

    /** Prefix of the corpus statistics in {@code EpochCompleted.musicStats}. */
    static final String CORPUS_PREFIX = "corpus_";

    /** The next link of the job's chain: the following epoch, from the checkpoint just written. */
    static EpochRequested next(EpochRequested request, int epoch, Instant now) {
        return EpochRequested.newBuilder(request).setEpoch(epoch + 1).setFromVersion((long) epoch)
                .setRequestedAt(now).build();
    }
}
