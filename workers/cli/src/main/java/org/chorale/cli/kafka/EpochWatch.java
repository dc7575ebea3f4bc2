package org.chorale.cli.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chorale.cli.CliFailure;
import org.chorale.events.DeadLetter;
import org.chorale.events.EpochCompleted;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.schemas.DecodeResult;
import org.chorale.schemas.EventCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Follows one model's training job: each {@code EpochCompleted} on {@code chorale.training.metrics} as it is
 * committed, until the one marked final; an epoch request the trainer gave up on (a dead letter from
 * {@code chorale.training.epochs} keyed by the model) ends the job as a failure.
 */
final class EpochWatch implements AutoCloseable {
    private final TopicTail tail;
    private final String modelId;
    private final String epochsTopic;

    private EpochWatch(TopicTail tail, String modelId, String epochsTopic) {
        this.tail = tail;
        this.modelId = modelId;
        this.epochsTopic = epochsTopic;
    }

    /** Opens before the job is started (or resumed), at the end of the metrics and dead-letter topics. */
    static EpochWatch open(ChoraleConfig config, String modelId) {
        var t = config.topics();
        return new EpochWatch(TopicTail.fromEnd(config, t.trainingMetrics(), t.deadletter()), modelId, t.trainingEpochs());
    }

    /**
     * Calls {@code onEpoch} for every completed epoch of the model and returns the final one; null when
     * {@code timeout} passes without the job ending, or when {@code cancelled}.
     *
     * @throws CliFailure when the trainer dead-lettered an epoch request of this model
     */
    EpochCompleted follow(Consumer<EpochCompleted> onEpoch, Duration timeout, BooleanSupplier cancelled) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0 && !cancelled.getAsBoolean()) {
            for (ConsumerRecord<byte[], byte[]> r : tail.poll(Duration.ofMillis(500))) {
                if (!(EventCodec.standard().decode(r.value()) instanceof DecodeResult.Decoded<?> d)) continue;
                if (d.event() instanceof EpochCompleted e && modelId.equals(e.getModelId())) {
                    onEpoch.accept(e);
                    if (e.getFinalEpoch()) return e;
                } else if (d.event() instanceof DeadLetter dl && epochsTopic.equals(dl.getSourceTopic())
                        && modelId.equals(keyOf(dl))) {
                    throw new CliFailure("the trainer gave up on an epoch of model " + modelId + " (" + dl.getReason()
                            + "): " + dl.getDetail());
                }
            }
        }
        return null;
    }

    private static String keyOf(DeadLetter dl) {
        if (dl.getKey() == null) return null;
        var b = dl.getKey().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** One line per epoch, the same in {@code train --follow} and {@code demo}. */
    static String describe(EpochCompleted e, int totalEpochs) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  cost %.4f", e.getEpoch(), totalEpochs, e.getTrainCost()));
        if (e.getValidNllPerStep() != null) {
            s.append(String.format(Locale.ROOT, "  valid NLL/step %.3f", e.getValidNllPerStep()));
            if (e.getBaselineNllPerStep() != null) s.append(String.format(Locale.ROOT, " (baseline %.3f)", e.getBaselineNllPerStep()));
        }
        if (e.getValidFrameAccuracy() != null) s.append(String.format(Locale.ROOT, "  accuracy %.3f", e.getValidFrameAccuracy()));
        s.append(String.format(Locale.ROOT, "  %.0f steps/s  %.1f s  -> version %d", e.getSeconds() > 0 ? e.getTimesteps() / e.getSeconds() : 0.0,
                e.getSeconds(), e.getVersion()));
        if (e.getStoppedEarly()) s.append("  (stopped early)");
        return s.toString();
    }

    @Override public void close() {
        tail.close();
    }
}
