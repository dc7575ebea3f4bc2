package org.chorale.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer: any Chorale event to its single-object encoding ({@link EventCodec#standard()}). A null event
 * stays null, so tombstones on compacted topics pass through.
 */
public final class EventSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final EventCodec codec;

    public EventSerializer() {
        this(EventCodec.standard());
    }

    public EventSerializer(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public byte[] serialize(String topic, T event) {
        return event == null ? null : codec.encode(event);
    }
}
