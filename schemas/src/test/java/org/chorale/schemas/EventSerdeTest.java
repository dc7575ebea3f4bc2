package org.chorale.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.chorale.events.MidiSubmitted;
import org.chorale.events.PianoRoll;
import org.junit.jupiter.api.Test;

class EventSerdeTest {

    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();

    @Test
    void deserializerConfiguredByClassNameReadsWhatTheSerializerWrote() {
        PianoRoll roll = (PianoRoll) SampleEvents.full().get(1);
        try (EventDeserializer<PianoRoll> deserializer = new EventDeserializer<>()) {
            deserializer.configure(Map.of(EventDeserializer.EVENT_CLASS_CONFIG, PianoRoll.class.getName()), false);

            assertEquals(roll, deserializer.deserialize("chorale.pianorolls", serializer.serialize("t", roll)));
        }
    }

    @Test
    void tombstonesStayNull() {
        assertNull(serializer.serialize("t", null));
        assertNull(new EventDeserializer<>(PianoRoll.class).deserialize("t", null));
    }

    @Test
    void undecodableBytesThrowKafkasSerializationExceptionNamingTheProblem() {
        EventDeserializer<MidiSubmitted> deserializer = new EventDeserializer<>(MidiSubmitted.class);
        byte[] pianoRoll = serializer.serialize("t", SampleEvents.full().get(1));

        SerializationException wrongType = assertThrows(SerializationException.class,
                () -> deserializer.deserialize("chorale.midi.ingest", pianoRoll));
        SerializationException notAvro = assertThrows(SerializationException.class,
                () -> deserializer.deserialize("chorale.midi.ingest", new byte[] {'M', 'T', 'h', 'd'}));

        assertTrue(wrongType.getMessage().contains("WRONG_TYPE"), wrongType.getMessage());
        assertTrue(notAvro.getMessage().contains("NOT_AVRO"), notAvro.getMessage());
    }

    @Test
    void aMissingOrBogusClassConfigIsRefused() {
        try (EventDeserializer<SpecificRecord> deserializer = new EventDeserializer<>()) {
            assertThrows(IllegalArgumentException.class, () -> deserializer.configure(Map.of(), false));
            assertThrows(IllegalArgumentException.class,
                    () -> deserializer.configure(Map.of(EventDeserializer.EVENT_CLASS_CONFIG, "java.lang.String"), false));
            assertThrows(IllegalArgumentException.class,
                    () -> deserializer.configure(Map.of(EventDeserializer.EVENT_CLASS_CONFIG, "no.such.Event"), false));
        }
    }
}
