package org.chorale.cli.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.chorale.cli.CliFailure;
import org.chorale.events.MidiSubmitted;
import org.chorale.schemas.EventCodec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Sends MIDI files to the ingest topic, as Avro {@code MidiSubmitted} or as bare bytes with headers. */
final class Publisher {

    /** One file to send. */
    record Piece(String name, byte[] midi) {}

    /** Where a piece landed: the ingest worker names its result after this {@code topic/partition/offset}. */
    record Sent(String name, String topic, int partition, long offset) {
        String source() { return topic + "/" + partition + "/" + offset; }
    }

    private Publisher() {}

    /**
     * Sends every piece keyed by its name and waits until the broker has them all.
     *
     * @param split train/valid/test, or null to let the ingest worker assign one from the content hash
     * @param raw   send the file bytes as the record value with {@code dataset}/{@code split} headers (what kcat does)
     */
    static List<Sent> publish(KafkaProducer<byte[], byte[]> producer, String topic, List<Piece> pieces, String dataset,
                              String split, boolean raw) {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (Piece piece : pieces) futures.add(producer.send(record(topic, piece, dataset, split, raw)));
        producer.flush();
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            try {
                RecordMetadata m = futures.get(i).get();
                sent.add(new Sent(pieces.get(i).name(), m.topic(), m.partition(), m.offset()));
            } catch (ExecutionException e) {
                throw new CliFailure("sending " + pieces.get(i).name() + " failed: " + e.getCause().getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted while sending", e);
            }
        }
        return sent;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Piece piece, String dataset, String split, boolean raw) {
        byte[] key = piece.name().getBytes(StandardCharsets.UTF_8);
        if (raw) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, key, piece.midi());
            r.headers().add(new RecordHeader("dataset", dataset.getBytes(StandardCharsets.UTF_8)));
            if (split != null) r.headers().add(new RecordHeader("split", split.getBytes(StandardCharsets.UTF_8)));
            return r;
        }
        MidiSubmitted event = MidiSubmitted.newBuilder().setPieceName(piece.name()).setDataset(dataset).setSplit(split)
                .setMidi(ByteBuffer.wrap(piece.midi())).setSubmittedAt(Instant.now()).build();
        return new ProducerRecord<>(topic, key, EventCodec.standard().encode(event));
    }
}
