package org.chorale.runtime.loop;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chorale.schemas.EventCodec;

/**
 * Collects one record's outputs. Events are encoded here, at the handler's call, so an event Avro cannot write fails
 * the record that produced it rather than the whole transaction later.
 */
final class BufferingOutbox implements Outbox {

    private final EventCodec codec;
    private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();

    BufferingOutbox(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public void send(String topic, String key, SpecificRecord event) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        records.add(new ProducerRecord<>(topic, keyBytes, codec.encode(event)));
    }

    @Override
    public void send(ProducerRecord<byte[], byte[]> record) {
        records.add(Objects.requireNonNull(record, "record"));
    }

    List<ProducerRecord<byte[], byte[]>> records() {
        return records;
    }
}
