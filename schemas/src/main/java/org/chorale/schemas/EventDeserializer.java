package org.chorale.schemas;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for one event class, given as a constructor argument or with the config key
 * {@value #EVENT_CLASS_CONFIG} (a fully qualified class name). Undecodable bytes throw Kafka's
 * {@link SerializationException} naming the {@link DecodeResult.Problem}; a null value (tombstone) gives null.
 *
 * <p>For tools and tests. Chorale's workers consume raw bytes and call {@link EventCodec} themselves, because a
 * deserializer exception inside {@code poll()} cannot be skipped cleanly and would stall the partition.
 */
public final class EventDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    /** Config key naming the event class to decode. */
    public static final String EVENT_CLASS_CONFIG = "chorale.event.class";

    private final EventCodec codec;
    private Class<T> type;

    /** For Kafka's reflective construction; configure with {@value #EVENT_CLASS_CONFIG}. */
    public EventDeserializer() {
        this.codec = EventCodec.standard();
    }

    public EventDeserializer(Class<T> type) {
        this(type, EventCodec.standard());
    }

    public EventDeserializer(Class<T> type, EventCodec codec) {
        this.codec = codec;
        this.type = type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object configured = configs.get(EVENT_CLASS_CONFIG);
        if (configured == null) {
            if (type == null) {
                throw new IllegalArgumentException(EVENT_CLASS_CONFIG + " is not set: which event class to decode?");
            }
            return;
        }
        type = asEventClass(configured);
    }

    @SuppressWarnings("unchecked")
    private Class<T> asEventClass(Object configured) {
        Class<?> candidate;
        if (configured instanceof Class<?> c) {
            candidate = c;
        } else {
            try {
                candidate = Class.forName(configured.toString().strip(), true, getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException(EVENT_CLASS_CONFIG + ": no class " + configured, e);
            }
        }
        if (!SpecificRecord.class.isAssignableFrom(candidate)) {
            throw new IllegalArgumentException(EVENT_CLASS_CONFIG + ": " + candidate.getName() + " is not an Avro record");
        }
        return (Class<T>) candidate;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (type == null) {
            throw new IllegalStateException("EventDeserializer used before configure(): set " + EVENT_CLASS_CONFIG);
        }
        DecodeResult<T> result = codec.decode(data, type);
        if (result instanceof DecodeResult.Undecodable<T> bad) {
            throw new SerializationException("cannot decode a " + type.getSimpleName() + " from topic " + topic + " ("
                    + bad.problem() + "): " + bad.detail());
        }
        return result.orElseThrow();
    }
}
