package org.chorale.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.chorale.events.DeadLetter;
import org.chorale.events.MidiSubmitted;
import org.chorale.events.RejectReason;
import org.junit.jupiter.api.Test;

/** Data written by an older writer schema decodes into today's classes through Avro's schema resolution. */
class OldVersionDecodingTest {

    @Test
    void dataWrittenWithReleasedV1Decodes() throws IOException {
        Schema v1 = ReleasedSchemas.all().get(0).schema("org.chorale.events.DeadLetter").orElseThrow();
        GenericRecord written = new GenericRecordBuilder(v1)
                .set("sourceTopic", "chorale.midi.ingest").set("sourcePartition", 2).set("sourceOffset", 40L)
                .set("key", ByteBuffer.wrap(new byte[] {'k'})).set("value", null).set("valueSize", 0)
                .set("reason", new GenericData.EnumSymbol(v1.getField("reason").schema(), "TOO_LARGE"))
                .set("detail", "42 MB").set("worker", "ingest-1").set("at", 1_700_000_000_000L).build();
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(written).array();

        DeadLetter decoded = EventCodec.standard().decode(bytes, DeadLetter.class).orElseThrow();

        assertEquals("chorale.midi.ingest", decoded.getSourceTopic());
        assertEquals(40L, decoded.getSourceOffset());
        assertEquals(RejectReason.TOO_LARGE, decoded.getReason());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), decoded.getAt());
    }

    @Test
    void anOlderVersionDecodesWithTodaysDefaultsWhenItsSchemaIsKnown() throws IOException {
        Schema v0;
        try (InputStream in = getClass().getResourceAsStream("/old-versions/MidiSubmitted-v0.avsc")) {
            v0 = new Schema.Parser().parse(in);
        }
        GenericRecord written = new GenericRecordBuilder(v0)
                .set("pieceName", "Gymnopédie No. 1").set("midi", SampleEvents.midi()).build();
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(written).array();
        EventCodec knowingV0 = new EventCodec(EventTypes.all(), List.of(v0));

        MidiSubmitted decoded = knowingV0.decode(bytes, MidiSubmitted.class).orElseThrow();

        assertEquals("Gymnopédie No. 1", decoded.getPieceName());
        assertEquals(SampleEvents.midi(), decoded.getMidi());
        assertEquals("default", decoded.getDataset(), "field added later takes its default");
        assertNull(decoded.getSplit());
        assertEquals(Instant.EPOCH, decoded.getSubmittedAt());
        // the standard codec never saw v0: that is exactly why released versions are kept
        assertEquals(DecodeResult.Problem.UNKNOWN_SCHEMA,
                EventCodec.standard().decode(bytes).problemIfAny().orElseThrow());
    }
}
