package org.chorale.cli.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chorale.cli.CliFailure;
import org.chorale.cli.HyperparameterOptions;
import org.chorale.events.EpochRequested;
import org.chorale.model.ModelConfig;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.schemas.EventCodec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;

/** The first event of a training job, and sending it keyed by the model (so its epochs stay in order). */
final class EpochRequests {
    private EpochRequests() {}

    /** Epoch 1 from a fresh initialisation. */
    static EpochRequested first(String modelId, String dataset, ModelConfig config, long seed) {
        return EpochRequested.newBuilder().setModelId(modelId).setEpoch(1).setFromVersion(null)
                .setHyperparameters(HyperparameterOptions.toAvro(config)).setDataset(dataset).setSeed(seed)
                .setRequestedAt(Instant.now()).build();
    }

    static void send(KafkaProducer<byte[], byte[]> producer, ChoraleConfig config, EpochRequested request) {
        try {
            producer.send(new ProducerRecord<>(config.topics().trainingEpochs(),
                    request.getModelId().getBytes(StandardCharsets.UTF_8), EventCodec.standard().encode(request))).get();
        } catch (ExecutionException e) {
            throw new CliFailure("sending the epoch request failed: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted", e);
        }
    }
}
