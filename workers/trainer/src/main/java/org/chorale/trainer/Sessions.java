package org.chorale.trainer;

import org.chorale.events.EpochRequested;
import org.chorale.events.ModelCheckpoint;
import org.chorale.events.RejectReason;
import org.chorale.model.Checkpoint;
import org.chorale.model.CheckpointException;
import org.chorale.model.Checkpoints;
import org.chorale.model.ModelConfig;
import org.chorale.model.Provenance;
import org.chorale.model.RnnRbm;
import org.chorale.model.TrainingSession;
import org.chorale.runtime.loop.PoisonRecordException;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * The training session an epoch request runs in: fresh, or resumed from its checkpoint. The request's
 * hyperparameters rule — a resumed job may change how it trains (learning rate, optimizer, epochs, ...) but not the
 * model's shape, which its parameters fix.
 */
final class Sessions {
    private Sessions() {}

    /** A new job: the request's seed seeds the initialisation and every epoch. */
    static TrainingSession start(EpochRequested request, ModelConfig config) {
        return TrainingSession.start(config, Provenance.ofSeed(request.getSeed()).withModelId(request.getModelId())
                .withDataset(request.getDataset()), DataType.FLOAT);
    }

    /**
     * The job continued from {@code from}, trained from now on with {@code config}.
     *
     * @throws PoisonRecordException when the checkpoint cannot be decoded or has another shape than {@code config}
     */
    static TrainingSession resume(ModelCheckpoint from, ModelConfig config) throws PoisonRecordException {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoints.decode(bytesOf(from.getParameters()));
        } catch (CheckpointException e) {
            throw new PoisonRecordException(RejectReason.UNDECODABLE, "checkpoint version " + from.getVersion()
                    + " of model " + from.getModelId() + " cannot be read: " + e.getMessage());
        }
        if (checkpoint.epoch() != from.getEpoch())
            throw new PoisonRecordException(RejectReason.UNSUPPORTED, "checkpoint version " + from.getVersion()
                    + " of model " + from.getModelId() + " holds epoch " + checkpoint.epoch() + " but says epoch "
                    + from.getEpoch());
        ModelConfig was = checkpoint.config();
        if (!shapeOf(was).equals(shapeOf(config)))
            throw new PoisonRecordException(RejectReason.UNSUPPORTED, "model " + from.getModelId() + " version "
                    + from.getVersion() + " has the shape " + shapeOf(was) + "; the request asks for " + shapeOf(config));
        return TrainingSession.resume(was.equals(config) ? checkpoint : retrained(checkpoint, config));
    }

    /** The checkpoint under a new training config; a changed optimizer starts with fresh state. */
    private static Checkpoint retrained(Checkpoint c, ModelConfig config) {
        RnnRbm model = RnnRbm.of(config, c.model().parameters(), c.provenance());
        return config.optimizer().equals(c.optimizer())
                ? new Checkpoint(model, c.optimizer(), c.optimizerStep(), c.optimizerSlots())
                : new Checkpoint(model, Checkpoint.MODEL_ONLY, 0, Map.of());
    }

    /** What the parameters fix: grid, range, window, units and recurrence. */
    private static Map<String, Object> shapeOf(ModelConfig c) {
        return Map.of("lowestPitch", c.lowestPitch(), "pitchCount", c.pitchCount(), "stepsPerQuarter",
                c.stepsPerQuarter(), "stepsPerRbm", c.stepsPerRbm(), "onsets", c.onsets(), "hidden", c.hidden(),
                "recurrent", c.recurrent(), "recurrence", Objects.toString(c.recurrence()));
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }
}
