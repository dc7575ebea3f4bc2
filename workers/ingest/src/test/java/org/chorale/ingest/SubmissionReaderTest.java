package org.chorale.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.chorale.events.MidiSubmitted;
import org.chorale.events.RejectReason;
import org.chorale.schemas.EventCodec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class SubmissionReaderTest {
    private static final byte[] SMF_START = "MThd\0\0\0\6\0\0\0\1\1\340".getBytes(StandardCharsets.ISO_8859_1);
    private final EventCodec codec = EventCodec.standard();
    private final SubmissionReader reader = new SubmissionReader(codec);

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value, String... headers) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) h.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("chorale.midi.ingest", 2, 17L, 0L, TimestampType.CREATE_TIME, 0,
                value == null ? 0 : value.length, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, h,
                Optional.empty());
    }

    private static MidiSubmitted submitted(String split) {
        return MidiSubmitted.newBuilder().setPieceName("gymnopedie").setDataset("satie").setSplit(split)
                .setMidi(ByteBuffer.wrap(SMF_START)).build();
    }

    @Test void noValueIsEmpty() {
        assertEquals(new Submission.Refused(RejectReason.EMPTY, "the record has no value"), reader.read(record("k", null)));
        assertInstanceOf(Submission.Refused.class, reader.read(record("k", new byte[0])));
        assertEquals(RejectReason.EMPTY, ((Submission.Refused) reader.read(record("k", new byte[0]))).reason());
    }

    @Test void aBareFileTakesItsNameFromTheKeyAndItsPlaceFromTheHeaders() {
        Submission.Midi m = (Submission.Midi) reader.read(record("rag", SMF_START, "dataset", "joplin", "split", "Test"));
        assertEquals("rag", m.name());
        assertEquals("joplin", m.dataset());
        assertEquals("test", m.split());
        assertArrayEquals(SMF_START, m.bytes());
    }

    @Test void aBareFileWithoutKeyOrHeadersGoesToTheDefaultDatasetWithASplitToAssign() {
        Submission.Midi m = (Submission.Midi) reader.read(record(null, SMF_START));
        assertEquals("chorale.midi.ingest-2-17", m.name());
        assertEquals("default", m.dataset());
        assertNull(m.split());
    }

    @Test void bytesThatAreNeitherMidiNorAnEnvelopeAreLeftToTheMidiReader() {
        assertInstanceOf(Submission.Midi.class, reader.read(record("x", "hello".getBytes(StandardCharsets.UTF_8))));
    }

    @Test void anUnknownSplitIsRefusedWithTheAcceptedOnes() {
        Submission.Refused r = (Submission.Refused) reader.read(record("rag", SMF_START, "split", "holdout"));
        assertEquals(RejectReason.UNSUPPORTED, r.reason());
        assertTrue(r.detail().contains("train, valid, test"), r.detail());
    }

    @Test void anAvroEnvelopeIsReadInBothEncodings() {
        for (byte[] value : new byte[][]{codec.encode(submitted("valid")),
                codec.toJson(submitted("valid")).getBytes(StandardCharsets.UTF_8)}) {
            Submission.Midi m = (Submission.Midi) reader.read(record("ignored-key", value, "dataset", "ignored"));
            assertEquals("gymnopedie", m.name());
            assertEquals("satie", m.dataset());
            assertEquals("valid", m.split());
            assertArrayEquals(SMF_START, m.bytes());
        }
    }

    @Test void anEnvelopeWithoutSplitLeavesItToAssign() {
        assertNull(((Submission.Midi) reader.read(record("k", codec.encode(submitted(null))))).split());
    }

    @Test void aBrokenEnvelopeIsUndecodable() {
        byte[] truncated = codec.encode(submitted("train"));
        truncated = java.util.Arrays.copyOf(truncated, truncated.length - 5);
        for (byte[] value : new byte[][]{truncated, "  {\"pieceName\": 3".getBytes(StandardCharsets.UTF_8)}) {
            Submission.Refused r = (Submission.Refused) reader.read(record("k", value));
            assertEquals(RejectReason.UNDECODABLE, r.reason());
        }
    }
}
