package org.chorale.generator;

import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chorale.events.CompositionCompleted;
import org.chorale.events.CompositionFailed;
import org.chorale.events.CompositionRequested;
import org.chorale.events.FailureReason;
import org.chorale.model.CheckpointException;
import org.chorale.model.Sampler;
import org.chorale.runtime.loop.Outbox;
import org.chorale.runtime.loop.RecordHandler;
import org.chorale.schemas.DecodeResult;
import org.chorale.schemas.EventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * One {@code CompositionRequested} in, exactly one answer out on {@code chorale.compositions}, keyed by the request
 * id: {@code CompositionCompleted} with the MIDI, or {@code CompositionFailed} with a reason. A request that cannot
 * even be decoded is answered too, under its record key, so a caller waiting on that key always hears back.
 */
final class CompositionHandler implements RecordHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CompositionHandler.class);

    private final String compositionsTopic;
    private final EventCodec codec = EventCodec.standard();
    private final ModelCatalog catalog;
    private final RequestValidator validator;
    private final Composer composer;
    private final GeneratorMetrics metrics;
    private final String worker;
    private final Clock clock;

    CompositionHandler(String compositionsTopic, ModelCatalog catalog, RequestValidator validator, Composer composer,
                       GeneratorMetrics metrics, String worker, Clock clock) {
        this.compositionsTopic = compositionsTopic;
        this.catalog = catalog;
        this.validator = validator;
        this.composer = composer;
        this.metrics = metrics;
        this.worker = worker;
        this.clock = clock;
    }

    @Override
    public void handle(ConsumerRecord<byte[], byte[]> record, Outbox out) {
        Timer.Sample latency = Timer.start();
        String requestId = keyOf(record);
        String modelId = null;
        try {
            CompositionRequested request = decode(record);
            if (!request.getRequestId().isBlank()) requestId = request.getRequestId();
            modelId = request.getModelId();
            if (request.getRequestId().isBlank()) throw RequestRefusedException.badRequest("requestId is empty");

            catalog.refresh(); // hot reload: a version committed a moment ago answers this request
            ModelCatalog.Resolved model = catalog.resolve(request.getModelId(), request.getModelVersion());
            CompositionPlan plan = validator.plan(request, model.grid(), model.version());
            long started = System.nanoTime();
            Composer.Composition composition = compose(model, plan);
            double seconds = (System.nanoTime() - started) / 1e9;

            out.send(compositionsTopic, requestId, completed(plan, composition, seconds));
            metrics.completed(composition.steps(), composition.midiFiles().size());
        } catch (RequestRefusedException refused) {
            out.send(compositionsTopic, requestId, CompositionFailed.newBuilder().setRequestId(requestId)
                    .setModelId(modelId).setReason(refused.reason()).setDetail(refused.getMessage())
                    .setWorker(worker).setFailedAt(clock.instant()).build());
            metrics.failed(refused.reason());
        } finally {
            latency.stop(metrics.latency());
        }
    }

    private CompositionRequested decode(ConsumerRecord<byte[], byte[]> record) throws RequestRefusedException {
        DecodeResult<CompositionRequested> decoded = codec.decodeBinaryOrJson(record.value(), CompositionRequested.class);
        if (decoded instanceof DecodeResult.Undecodable<CompositionRequested> u)
            throw new RequestRefusedException(FailureReason.UNDECODABLE,
                    "not a CompositionRequested (" + u.problem() + "): " + u.detail());
        return decoded.orElseThrow();
    }

    /**
     * Sampling and writing are pure computation: an exception there fails the same way on every retry, so it is
     * answered as INTERNAL rather than retried (Kafka errors, outside this method, are retried by the loop).
     */
    private Composer.Composition compose(ModelCatalog.Resolved model, CompositionPlan plan) throws RequestRefusedException {
        Sampler sampler;
        try {
            sampler = catalog.sampler(model);
        } catch (CheckpointException e) {
            throw new RequestRefusedException(FailureReason.INTERNAL, "version " + model.version() + " of model "
                    + model.modelId() + " cannot be read: " + e.getMessage());
        }
        try {
            return composer.compose(sampler, plan);
        } catch (RuntimeException e) {
            LOG.warn("request {}: composing failed", plan.requestId(), e);
            throw new RequestRefusedException(FailureReason.INTERNAL, "composing failed: " + e);
        }
    }

    private CompositionCompleted completed(CompositionPlan plan, Composer.Composition c, double seconds) {
        List<byte[]> files = c.midiFiles();
        return CompositionCompleted.newBuilder()
                .setRequestId(plan.requestId()).setModelId(plan.modelId()).setModelVersion(plan.modelVersion())
                .setMidi(ByteBuffer.wrap(files.get(0)))
                .setAdditionalPieces(files.subList(1, files.size()).stream().map(ByteBuffer::wrap).toList())
                .setSeed(plan.seed()).setSteps(c.steps()).setSeconds(seconds).setWorker(worker)
                .setStats(c.stats()).setMetadata(plan.metadataFor(0)).setCompletedAt(clock.instant())
                .build();
    }

    /** The record key (the request id by convention), or where the record sits when it has none. */
    private static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() != null && record.key().length > 0) return new String(record.key(), StandardCharsets.UTF_8);
        return record.topic() + "-" + record.partition() + "-" + record.offset();
    }
}
