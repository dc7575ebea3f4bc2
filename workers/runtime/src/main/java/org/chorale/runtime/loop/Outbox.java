package org.chorale.runtime.loop;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Where a {@link RecordHandler} puts its outputs; they are produced only if the whole batch commits. */
public interface Outbox {

    /** Sends an event, encoded with the shared {@code EventCodec}, keyed by {@code key} (UTF-8; may be null). */
    void send(String topic, String key, SpecificRecord event);

    /** Sends a raw record as it is. */
    void send(ProducerRecord<byte[], byte[]> record);
}
