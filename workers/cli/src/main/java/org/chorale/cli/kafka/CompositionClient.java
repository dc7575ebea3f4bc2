package org.chorale.cli.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chorale.cli.CliFailure;
import org.chorale.events.CompositionCompleted;
import org.chorale.events.CompositionFailed;
import org.chorale.events.CompositionRequested;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.read.ReplyWaiter;
import org.chorale.schemas.DecodeResult;
import org.chorale.schemas.EventCodec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Asks the generator fleet for music and waits for the answer keyed by the request id on
 * {@code chorale.compositions} (used by {@code compose} and {@code demo}). Listening starts before the request is
 * sent, so the answer cannot be missed.
 */
final class CompositionClient implements AutoCloseable {

    /** The generator's answer. */
    sealed interface Answer permits Completed, Failed {}

    record Completed(CompositionCompleted event) implements Answer {
        /** Every piece's MIDI bytes, the first one first. */
        List<byte[]> midiFiles() {
            List<byte[]> files = new ArrayList<>();
            files.add(bytes(event.getMidi()));
            event.getAdditionalPieces().forEach(b -> files.add(bytes(b)));
            return files;
        }
    }

    record Failed(CompositionFailed event) implements Answer {}

    private final ChoraleConfig config;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ReplyWaiter replies;

    CompositionClient(ChoraleConfig config) {
        this.config = config;
        this.replies = ReplyWaiter.listen(config.kafkaProperties(), config.topics().compositions());
        this.producer = KafkaClients.producer(config);
    }

    /** Sends the request, keyed by its id. */
    void send(CompositionRequested request) {
        try {
            producer.send(new ProducerRecord<>(config.topics().generationRequests(),
                    request.getRequestId().getBytes(StandardCharsets.UTF_8), EventCodec.standard().encode(request))).get();
        } catch (ExecutionException e) {
            throw new CliFailure("sending the composition request failed: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted", e);
        }
    }

    /** The answer to {@code requestId}, or empty after {@code timeout}. */
    Optional<Answer> await(String requestId, Duration timeout) {
        Optional<ConsumerRecord<byte[], byte[]>> record = replies.awaitKey(requestId, timeout);
        if (record.isEmpty()) return Optional.empty();
        DecodeResult<?> result = EventCodec.standard().decode(record.get().value());
        if (result instanceof DecodeResult.Undecodable<?> u)
            throw new CliFailure("undecodable answer on " + replies.topic() + ": " + u.problem() + " " + u.detail());
        Object event = ((DecodeResult.Decoded<?>) result).event();
        if (event instanceof CompositionCompleted c) return Optional.of(new Completed(c));
        if (event instanceof CompositionFailed f) return Optional.of(new Failed(f));
        throw new CliFailure("unexpected answer on " + replies.topic() + ": " + event.getClass().getSimpleName());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Override public void close() {
        producer.close(Duration.ofSeconds(5));
        replies.close();
    }
}
