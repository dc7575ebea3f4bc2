package org.chorale.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.chorale.events.CompositionRequested;
import org.chorale.events.MidiRejected;
import org.chorale.events.MidiSubmitted;
import org.chorale.events.PianoRoll;
import org.chorale.schemas.DecodeResult.Problem;
import org.junit.jupiter.api.Test;

class EventCodecMalformedInputTest {

    private final EventCodec codec = EventCodec.standard();

    private static DecodeResult.Undecodable<?> undecodable(DecodeResult<?> result) {
        return assertInstanceOf(DecodeResult.Undecodable.class, result, () -> "decoded: " + result);
    }

    private static void assertProblem(Problem expected, DecodeResult<?> result) {
        assertEquals(expected, undecodable(result).problem(), () -> "detail: " + undecodable(result).detail());
    }

    @Test
    void noBytesIsEmpty() {
        assertProblem(Problem.EMPTY, codec.decode(null));
        assertProblem(Problem.EMPTY, codec.decode(new byte[0], PianoRoll.class));
        assertProblem(Problem.EMPTY, codec.decodeBinaryOrJson(new byte[0], CompositionRequested.class));
        assertProblem(Problem.EMPTY, codec.decodeJson("  ", CompositionRequested.class));
    }

    @Test
    void randomBytesAreNotAvro() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            if (bytes[0] == (byte) 0xC3) {
                bytes[0] = 0;
            }
            assertProblem(Problem.NOT_AVRO, codec.decode(bytes));
            assertProblem(Problem.NOT_AVRO, codec.decode(bytes, MidiSubmitted.class));
        }
    }

    @Test
    void randomBodiesBehindAValidHeaderNeverThrowAndNeverFakeAnEvent() {
        Random random = new Random(11);
        byte[] header = Arrays.copyOf(codec.encode(SampleEvents.full().get(1)), 10);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = Arrays.copyOf(header, 10 + random.nextInt(200));
            for (int b = 10; b < bytes.length; b++) {
                bytes[b] = (byte) random.nextInt(256);
            }
            DecodeResult<PianoRoll> result = codec.decode(bytes, PianoRoll.class);
            if (result instanceof DecodeResult.Decoded<PianoRoll> decoded) {
                // only a body that really is a PianoRoll may decode: it must encode back to the same bytes
                assertArrayEquals(bytes, codec.encode(decoded.event()));
            } else {
                assertProblem(Problem.CORRUPT, result);
            }
        }
    }

    @Test
    void everyTruncationOfEveryEventIsCorrupt() {
        for (SpecificRecord event : SampleEvents.full()) {
            byte[] bytes = codec.encode(event);
            for (int length = 1; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                assertProblem(Problem.CORRUPT, codec.decode(cut, event.getClass()));
                assertProblem(Problem.CORRUPT, codec.decode(cut));
            }
        }
    }

    @Test
    void trailingBytesAreCorrupt() {
        byte[] bytes = codec.encode(SampleEvents.full().get(0));
        DecodeResult<?> result = codec.decode(Arrays.copyOf(bytes, bytes.length + 3));
        assertProblem(Problem.CORRUPT, result);
        assertTrue(undecodable(result).detail().contains("3 bytes left over"), undecodable(result).detail());
    }

    @Test
    void wrongMagicIsNotAvro() {
        byte[] bytes = codec.encode(SampleEvents.full().get(0));
        bytes[1] = 0x02; // a future single-object format version
        assertProblem(Problem.NOT_AVRO, codec.decode(bytes));
    }

    @Test
    void unknownFingerprintIsUnknownSchema() {
        byte[] bytes = codec.encode(SampleEvents.full().get(0));
        bytes[5] ^= 0x5a;
        DecodeResult<?> result = codec.decode(bytes);
        assertProblem(Problem.UNKNOWN_SCHEMA, result);
        assertTrue(undecodable(result).detail().contains("fingerprint"));
    }

    @Test
    void anotherEventTypeIsWrongType() {
        byte[] pianoRoll = codec.encode(SampleEvents.full().get(1));
        DecodeResult<MidiSubmitted> result = codec.decode(pianoRoll, MidiSubmitted.class);
        assertProblem(Problem.WRONG_TYPE, result);
        assertEquals("holds a PianoRoll, expected a MidiSubmitted", undecodable(result).detail());
        assertProblem(Problem.WRONG_TYPE, codec.decodeBinaryOrJson(pianoRoll, CompositionRequested.class));
    }

    @Test
    void anAbsurdBytesLengthIsRefusedBeforeAllocating() throws IOException {
        // MidiSubmitted: pieceName "x", dataset "d", split null, then midi claiming 2_000_000_000 bytes
        byte[] bytes = crafted(MidiSubmitted.getClassSchema(), encoder -> {
            encoder.writeString("x");
            encoder.writeString("d");
            encoder.writeIndex(0);
            encoder.writeLong(2_000_000_000L);
            encoder.writeFixed(new byte[] {'M', 'T', 'h', 'd'});
        });

        DecodeResult<MidiSubmitted> result = codec.decode(bytes, MidiSubmitted.class);

        assertProblem(Problem.CORRUPT, result);
        assertTrue(undecodable(result).detail().contains("bytes of 2000000000 bytes declared"),
                undecodable(result).detail());
    }

    @Test
    void anAbsurdArrayCountIsRefusedBeforeAllocating() throws IOException {
        // PianoRoll with its steps array claiming 2^30 items in 4 bytes of data
        byte[] bytes = crafted(PianoRoll.getClassSchema(), encoder -> {
            for (String s : new String[] {"id", "d", "n", "train"}) {
                encoder.writeString(s);
            }
            encoder.writeInt(4);
            encoder.writeInt(21);
            encoder.writeInt(88);
            encoder.writeLong(1L << 30);
            encoder.writeFixed(new byte[] {2, 120, 0, 0});
        });

        DecodeResult<PianoRoll> result = codec.decode(bytes, PianoRoll.class);

        assertProblem(Problem.CORRUPT, result);
        assertTrue(undecodable(result).detail().contains("array declares 1073741824 items"), undecodable(result).detail());
    }

    @Test
    void aNegativeBlockCountOfLongMinIsRefused() throws IOException {
        byte[] bytes = crafted(PianoRoll.getClassSchema(), encoder -> {
            for (String s : new String[] {"id", "d", "n", "train"}) {
                encoder.writeString(s);
            }
            encoder.writeInt(4);
            encoder.writeInt(21);
            encoder.writeInt(88);
            encoder.writeLong(Long.MIN_VALUE);
            encoder.writeLong(3);
            encoder.writeFixed(new byte[] {2, 120, 0});
        });
        assertProblem(Problem.CORRUPT, codec.decode(bytes));
    }

    @Test
    void anEnumIndexOutOfRangeIsCorrupt() throws IOException {
        byte[] bytes = crafted(MidiRejected.getClassSchema(), encoder -> {
            encoder.writeIndex(0); // key: null
            encoder.writeEnum(99); // reason
            encoder.writeString("detail");
            encoder.writeString("topic");
            encoder.writeInt(0);
            encoder.writeLong(0);
            encoder.writeInt(0);
            encoder.writeLong(0);
        });
        DecodeResult<?> result = codec.decode(bytes);
        assertProblem(Problem.CORRUPT, result);
        assertTrue(undecodable(result).detail().contains("index 99"), undecodable(result).detail());
    }

    @Test
    void aBareMidiFileIsNotAvroNorJson() {
        byte[] midi = SampleEvents.midi().array();
        assertProblem(Problem.NOT_AVRO, codec.decodeBinaryOrJson(midi, MidiSubmitted.class));
        assertProblem(Problem.NOT_AVRO, codec.decodeBinaryOrJson(new byte[] {(byte) 0xff, (byte) 0xfe, 0},
                MidiSubmitted.class));
    }

    @Test
    void badJsonSaysWhatIsWrong() {
        assertBadJson("{\"requestId\": \"r\", \"modelId\": ", "not JSON");
        assertBadJson("[1, 2]", "expected an object");
        assertBadJson("{\"modelId\": \"m\"}", "requestId is missing and has no default");
        assertBadJson("{\"requestId\": \"r\", \"modelId\": \"m\", \"sed\": 7}", "unknown field 'sed'");
        assertBadJson("{\"requestId\": \"r\", \"modelId\": \"m\", \"steps\": \"many\"}", "steps");
        assertBadJson("{\"requestId\": \"r\", \"modelId\": \"m\", \"seed\": \"soon\"}", "fits none");
        assertBadJson("{\"requestId\": \"r\", \"modelId\": \"m\"} trailing", "not JSON");
        assertBadJson("{\"requestId\": null, \"modelId\": \"m\"}", "CompositionRequested");
    }

    private void assertBadJson(String json, String expectedInDetail) {
        DecodeResult<CompositionRequested> result = codec.decodeBinaryOrJson(
                json.getBytes(StandardCharsets.UTF_8), CompositionRequested.class);
        assertProblem(Problem.BAD_JSON, result);
        assertTrue(undecodable(result).detail().contains(expectedInDetail),
                () -> json + " -> " + undecodable(result).detail());
    }

    /** The single-object header of {@code schema}, then a body written by hand. */
    private static byte[] crafted(Schema schema, BodyWriter body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(EventCodec.MAGIC);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(EventCodec.fingerprint(schema)).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        body.write(encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private interface BodyWriter {
        void write(BinaryEncoder encoder) throws IOException;
    }
}
