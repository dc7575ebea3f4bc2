package org.chorale.trainer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chorale.events.EpochRequested;
import org.chorale.events.ModelCheckpoint;
import org.chorale.events.PianoRoll;
import org.chorale.events.RejectReason;
import org.chorale.model.Checkpoints;
import org.chorale.model.ModelConfig;
import org.chorale.model.TrainingSession;
import org.chorale.runtime.Topics;
import org.chorale.runtime.loop.Outbox;
import org.chorale.runtime.loop.PoisonRecordException;
import org.chorale.runtime.loop.RecordHandler;
import org.chorale.runtime.read.CompactedTopicReader;
import org.chorale.schemas.DecodeResult;
import org.chorale.schemas.EventCodec;
import org.chorale.trainer.EpochRunner.EpochResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One {@code EpochRequested} in; one epoch trained; its checkpoint, its metrics and the next request out, all in
 * the transaction that commits the request's offset. Read top to bottom in {@link #handle}.
 *
 * <p>The epoch itself runs inside {@code handle}, before the loop opens the transaction, so training for an hour
 * holds no transaction open. If the worker dies before the commit, nothing of the epoch is visible and the request
 * is redone from the same checkpoint with the same seed: no epoch is lost, none is published twice.
 */
final class EpochHandler implements RecordHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EpochHandler.class);

    private final Topics topics;
    private final EventCodec codec = EventCodec.standard();
    private final CheckpointStore checkpoints;
    private final CompactedTopicReader<PianoRoll> pianorolls;
    private final EpochRunner runner;
    private final TrainerMetrics metrics;
    private final Duration checkpointWait;
    private final String worker;
    private final String codeVersion;
    private final Clock clock;

    EpochHandler(Topics topics, Map<String, Object> kafkaProperties, EpochRunner runner, TrainerMetrics metrics,
                 Duration checkpointWait, String worker, String codeVersion, Clock clock) {
        this.topics = topics;
        this.runner = runner;
        this.metrics = metrics;
        this.checkpointWait = checkpointWait;
        this.worker = worker;
        this.codeVersion = codeVersion;
        this.clock = clock;
        this.checkpoints = new CheckpointStore(kafkaProperties, topics.models());
        try {
            this.pianorolls = CompactedTopicReader.forEvents(kafkaProperties, topics.pianorolls(), PianoRoll.class);
        } catch (RuntimeException e) {
            checkpoints.close();
            throw e;
        }
    }

    @Override
    public void handle(ConsumerRecord<byte[], byte[]> record, Outbox out) throws Exception {
        EpochRequested request = decode(record);
        String model = request.getModelId();
        ModelConfig config = configOf(request);

        // 1. Where the epoch starts. A request the model is already past is a duplicate: skip it.
        StartingPoint start = checkpoints.startingPoint(model, request.getFromVersion(), checkpointWait);
        if (start instanceof StartingPoint.Stale stale) {
            LOG.info("model {}: skipping stale request for epoch {} from version {}; the model is at version {}",
                    model, request.getEpoch(), request.getFromVersion(), stale.newestVersion());
            metrics.stale(model);
            return;
        }
        ModelCheckpoint from = start instanceof StartingPoint.Resume resume ? resume.checkpoint() : null;
        int epoch = (from == null ? 0 : from.getEpoch()) + 1;
        if (request.getEpoch() != epoch)
            throw new PoisonRecordException(RejectReason.UNSUPPORTED, "request for epoch " + request.getEpoch()
                    + " of model " + model + " starts from " + describe(from) + ", whose next epoch is " + epoch);
        if (epoch > request.getHyperparameters().getEpochs())
            throw new PoisonRecordException(RejectReason.UNSUPPORTED, "epoch " + epoch + " of model " + model
                    + " is past the job's " + request.getHyperparameters().getEpochs() + " epochs");

        // 2. The dataset as it is now, in piece-id order.
        pianorolls.refresh();
        TrainingData data = TrainingData.of(request.getDataset(), pianorolls.values().values(), config);
        if (data.train().isEmpty())
            throw new PoisonRecordException(RejectReason.EMPTY, "dataset " + request.getDataset() + " has no training "
                    + "pieces at " + config.stepsPerQuarter() + " steps per quarter on " + topics.pianorolls());

        // 3. One epoch, evaluated — outside any transaction.
        TrainingSession session = from == null ? Sessions.start(request, config) : Sessions.resume(from, config);
        EpochResult result;
        try {
            result = runner.run(session, data, epoch >= request.getHyperparameters().getEpochs());
        } catch (RuntimeException e) {
            metrics.failed(model);
            throw e;
        }

        // 4. Early stopping state travels in the checkpoint, so it survives restarts.
        EarlyStopping stopping = (from == null ? EarlyStopping.initial() : EarlyStopping.from(from.getMetrics()))
                .after(result.validation() == null ? null : result.validation().nllPerStep());
        boolean stoppedEarly = stopping.exhausted(request.getHyperparameters().getPatience())
                && epoch < request.getHyperparameters().getEpochs();
        boolean finalEpoch = stoppedEarly || epoch >= request.getHyperparameters().getEpochs();

        // 5. Checkpoint, metrics and the next link of the chain: one transaction with this record's offset.
        Instant now = clock.instant();
        Map<String, Double> figures = EpochEvents.metrics(result, stopping);
        session.setProvenance(session.provenance().withModelId(model).withDataset(request.getDataset())
                .withDatasetFingerprint(data.fingerprint()).withCodeVersion(codeVersion)
                .withCreatedAtMillis(now.toEpochMilli()).withMetrics(figures));
        byte[] parameters = Checkpoints.encode(session.checkpoint());
        out.send(topics.models(), model, EpochEvents.checkpoint(request, config, epoch, data.fingerprint(), codeVersion,
                parameters, figures, now));
        out.send(topics.trainingMetrics(), model,
                EpochEvents.completed(request, result, epoch, worker, finalEpoch, stoppedEarly, now));
        if (!finalEpoch) out.send(topics.trainingEpochs(), model, EpochEvents.next(request, epoch, now));

        metrics.completed(model, result, epoch);
        LOG.info("model {}: epoch {} done in {} s, cost {}, valid NLL {}{}", model, epoch,
                String.format("%.2f", result.report().seconds()), String.format("%.4f", result.report().meanCost()),
                result.validation() == null ? "n/a" : String.format("%.3f", result.validation().nllPerStep()),
                finalEpoch ? (stoppedEarly ? " — stopped early" : " — job done") : "");
    }

    private EpochRequested decode(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException {
        DecodeResult<EpochRequested> decoded = codec.decodeBinaryOrJson(record.value(), EpochRequested.class);
        if (decoded instanceof DecodeResult.Undecodable<EpochRequested> u)
            throw new PoisonRecordException(RejectReason.UNDECODABLE, "not an EpochRequested (" + u.problem() + "): "
                    + u.detail());
        return decoded.orElseThrow();
    }

    private static ModelConfig configOf(EpochRequested request) throws PoisonRecordException {
        try {
            return HyperparametersMapper.toConfig(request.getHyperparameters()).validate();
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(RejectReason.UNSUPPORTED, e.getMessage());
        }
    }

    private static String describe(ModelCheckpoint from) {
        return from == null ? "scratch" : "version " + from.getVersion() + " (epoch " + from.getEpoch() + ")";
    }

    @Override
    public void close() {
        try {
            pianorolls.close();
        } finally {
            checkpoints.close();
        }
    }
}
