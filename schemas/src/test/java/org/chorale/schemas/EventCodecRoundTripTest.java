package org.chorale.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.chorale.events.CompositionRequested;
import org.chorale.events.EpochRequested;
import org.chorale.events.MidiSubmitted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecRoundTripTest {

    private final EventCodec codec = EventCodec.standard();

    static Stream<SpecificRecord> events() {
        return Stream.concat(SampleEvents.full().stream(), SampleEvents.minimal().stream());
    }

    @Test
    void samplesCoverEveryKnownType() {
        Set<Class<?>> covered = SampleEvents.full().stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(Set.copyOf(EventTypes.all()), covered);
        assertEquals(covered, SampleEvents.minimal().stream().map(Object::getClass).collect(Collectors.toSet()));
    }

    @ParameterizedTest
    @MethodSource("events")
    void binaryRoundTripGivesAnEqualEvent(SpecificRecord event) {
        byte[] bytes = codec.encode(event);

        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        assertEquals(event, codec.decode(bytes, event.getClass()).orElseThrow());
        assertEquals(event, codec.decode(bytes).orElseThrow(), "decoding by fingerprint alone finds the type");
        assertEquals(event, codec.decodeBinaryOrJson(bytes, event.getClass()).orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("events")
    void jsonRoundTripGivesAnEqualEvent(SpecificRecord event) {
        String json = codec.toJson(event);

        assertEquals(event, codec.decodeJson(json, event.getClass()).orElseThrow());
        assertEquals(event, codec.decodeJson(codec.toJson(event, true), event.getClass()).orElseThrow());
        assertEquals(event, codec.decodeBinaryOrJson(json.getBytes(StandardCharsets.UTF_8), event.getClass())
                .orElseThrow());
    }

    @Test
    void jsonIsAvroJsonWithWrappedUnions() {
        MidiSubmitted event = (MidiSubmitted) SampleEvents.full().get(0);
        String json = codec.toJson(event);

        assertTrue(json.contains("\"split\":{\"string\":\"train\"}"), json);
        assertTrue(json.contains("\"submittedAt\":" + SampleEvents.WHEN.toEpochMilli()), json);
    }

    @Test
    void handWrittenJsonTakesDefaultsAndBareUnionValues() {
        String json = """
                {"requestId": "req-9", "modelId": "jsb-rnnrbm", "bars": 8, "seed": 7, "temperature": 1.2,
                 "primerPitches": [[60, 64, 67], []], "scale": "C major"}
                """;

        CompositionRequested request = codec.decodeJson(json, CompositionRequested.class).orElseThrow();

        assertEquals("req-9", request.getRequestId());
        assertEquals(8, request.getBars());
        assertEquals(7L, request.getSeed());
        assertEquals(1.2, request.getTemperature());
        assertEquals(java.util.List.of(java.util.List.of(60, 64, 67), java.util.List.of()), request.getPrimerPitches());
        assertEquals("C major", request.getScale());
        assertEquals(25, request.getGibbsSteps(), "schema default");
        assertEquals(1, request.getCount(), "schema default");
        assertNull(request.getModelVersion(), "null default");
        assertFalse(request.getIncludePrimer());
    }

    @Test
    void handWrittenJsonFillsDefaultsInsideNestedRecords() {
        String json = """
                {"modelId": "m", "epoch": 1, "dataset": "jsb", "hyperparameters": {"hidden": 64, "stepsPerRbm": 2}}
                """;

        EpochRequested request = codec.decodeJson(json, EpochRequested.class).orElseThrow();

        assertEquals(64, request.getHyperparameters().getHidden());
        assertEquals(2, request.getHyperparameters().getStepsPerRbm());
        assertEquals(88, request.getHyperparameters().getPitchCount(), "nested default");
        assertEquals("tanh", request.getHyperparameters().getRecurrence(), "nested default");
        assertNull(request.getFromVersion());
    }

    @Test
    void encodingAnUnknownClassIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class,
                () -> codec.encode(new org.apache.avro.specific.SpecificRecordBase() {
                    @Override
                    public org.apache.avro.Schema getSchema() {
                        return MidiSubmitted.getClassSchema();
                    }

                    @Override
                    public Object get(int field) {
                        return null;
                    }

                    @Override
                    public void put(int field, Object value) {
                    }
                }));
    }

    @Test
    void encodingIsDeterministicAndSharedAcrossThreads() throws Exception {
        SpecificRecord event = SampleEvents.full().get(1);
        byte[] expected = codec.encode(event);
        var results = Stream.generate(() -> (java.util.concurrent.Callable<byte[]>) () -> {
            byte[] last = null;
            for (int i = 0; i < 200; i++) {
                last = codec.encode(event);
                assertEquals(event, codec.decode(last).orElseThrow());
            }
            return last;
        }).limit(4).toList();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (var future : pool.invokeAll(results)) {
                assertArrayEquals(expected, future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertInstanceOf(DecodeResult.Decoded.class, codec.decode(expected));
    }
}
