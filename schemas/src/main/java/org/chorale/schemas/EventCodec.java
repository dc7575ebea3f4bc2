package org.chorale.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.chorale.schemas.DecodeResult.Problem;

/**
 * Encodes and decodes every Chorale event with Avro's single-object encoding: two marker bytes {@code C3 01}, the
 * writer schema's 8-byte CRC-64-AVRO fingerprint (little endian), then the Avro binary body.
 *
 * <p>The fingerprint finds the writer schema among the current and every released version, and the body is read
 * through Avro's schema resolution into today's generated class, so old events keep decoding after an upgrade.
 * Decoding never throws on bad input; see {@link DecodeResult}. Thread-safe: share {@link #standard()}.
 */
public final class EventCodec {

    /** First two bytes of every single-object encoded value. */
    public static final byte[] MAGIC = {(byte) 0xC3, (byte) 0x01};

    private static final int HEADER_LENGTH = MAGIC.length + Long.BYTES;
    private static final EventCodec STANDARD = new EventCodec(EventTypes.all(), releasedRecordSchemas());

    private final SchemaStore.Cache writerSchemas = new SchemaStore.Cache();
    private final Map<String, Class<? extends SpecificRecord>> typesByName = new HashMap<>();
    private final Map<Class<?>, BinaryMessageEncoder<?>> encoders = new HashMap<>();
    private final Map<Class<?>, BinaryMessageDecoder<?>> decoders = new HashMap<>();

    /**
     * A codec for {@code types} that also reads data written with any of {@code olderWriterSchemas}. Production
     * code wants {@link #standard()}; this exists so tests can add a hand-made old version.
     */
    public EventCodec(Collection<Class<? extends SpecificRecord>> types, Collection<Schema> olderWriterSchemas) {
        for (Schema older : olderWriterSchemas) {
            writerSchemas.addSchema(older);
        }
        for (Class<? extends SpecificRecord> type : types) {
            SpecificData model = SpecificData.getForClass(type); // carries the class's logical-type conversions
            Schema schema = model.getSchema(type);
            writerSchemas.addSchema(schema);
            typesByName.put(schema.getFullName(), type);
            encoders.put(type, new BinaryMessageEncoder<>(model, schema));
            decoders.put(type, new BinaryMessageDecoder<>(model, schema, writerSchemas));
        }
    }

    /** The shared codec: all {@link EventTypes}, reading every {@link ReleasedSchemas released} version. */
    public static EventCodec standard() {
        return STANDARD;
    }

    private static List<Schema> releasedRecordSchemas() {
        List<Schema> schemas = new ArrayList<>();
        ReleasedSchemas.all().forEach(release -> schemas.addAll(release.records()));
        return schemas;
    }

    /**
     * Single-object encoding of an event.
     *
     * @throws IllegalArgumentException for a class the codec does not know, or an event Avro refuses to write
     *                                  (a required field left null)
     */
    public byte[] encode(SpecificRecord event) {
        Objects.requireNonNull(event, "event");
        @SuppressWarnings("unchecked")
        BinaryMessageEncoder<SpecificRecord> encoder = (BinaryMessageEncoder<SpecificRecord>) encoders.get(event.getClass());
        if (encoder == null) {
            throw new IllegalArgumentException("not a Chorale event type: " + event.getClass().getName());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            encoder.encode(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + event.getClass().getSimpleName() + ": " + e, e);
        }
        return out.toByteArray();
    }

    /** Decodes any known event type, chosen by the fingerprint in the header. */
    public DecodeResult<SpecificRecord> decode(byte[] bytes) {
        return decode(bytes, null);
    }

    /** Decodes an event of {@code type}; a valid encoding of another type gives {@link Problem#WRONG_TYPE}. */
    public <T extends SpecificRecord> DecodeResult<T> decode(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            return DecodeResult.undecodable(Problem.EMPTY, "no bytes");
        }
        if (!hasMagic(bytes) && !(bytes.length == 1 && bytes[0] == MAGIC[0])) {
            return DecodeResult.undecodable(Problem.NOT_AVRO, String.format(
                    "starts with %s, not the single-object marker C3 01", hexPrefix(bytes)));
        }
        if (bytes.length < HEADER_LENGTH) { // a marker (or its first byte) cut short is damage, not foreign data
            return DecodeResult.undecodable(Problem.CORRUPT,
                    "header cut short: " + bytes.length + " of " + HEADER_LENGTH + " bytes");
        }
        long fingerprint = ByteBuffer.wrap(bytes, MAGIC.length, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = writerSchemas.findByFingerprint(fingerprint);
        Class<? extends SpecificRecord> writtenType = writer == null ? null : typesByName.get(writer.getFullName());
        if (writtenType == null) {
            return DecodeResult.undecodable(Problem.UNKNOWN_SCHEMA, String.format(
                    "schema fingerprint %016x is not one of Chorale's event schemas (current or released)", fingerprint));
        }
        if (type != null && !type.equals(writtenType)) {
            return DecodeResult.undecodable(Problem.WRONG_TYPE,
                    "holds a " + writtenType.getSimpleName() + ", expected a " + type.getSimpleName());
        }
        // before Avro allocates anything: every length and count must fit in the bytes we actually have
        var malformed = EncodingBoundsCheck.problemIn(writer, bytes, HEADER_LENGTH);
        if (malformed.isPresent()) {
            return DecodeResult.undecodable(Problem.CORRUPT, writtenType.getSimpleName() + ": " + malformed.get());
        }
        try {
            @SuppressWarnings("unchecked")
            T event = (T) decoders.get(writtenType).decode(bytes);
            return DecodeResult.decoded(event);
        } catch (IOException | RuntimeException e) {
            return DecodeResult.undecodable(Problem.CORRUPT, writtenType.getSimpleName() + ": " + e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // Not reachable for data that passed the bounds check; kept so one record can never kill a worker.
            return DecodeResult.undecodable(Problem.CORRUPT, writtenType.getSimpleName() + ": " + e);
        }
    }

    /**
     * Decodes Avro JSON of {@code type}. Hand-written JSON is accepted too: missing fields take their defaults and
     * bare union values ({@code "seed": 7} for {@code ["null","long"]}) are understood; unknown fields are refused.
     */
    public <T extends SpecificRecord> DecodeResult<T> decodeJson(String avroJson, Class<T> type) {
        if (avroJson == null || avroJson.isBlank()) {
            return DecodeResult.undecodable(Problem.EMPTY, "no JSON");
        }
        Schema schema = schemaOf(type);
        try {
            String strict = AvroJsonNormalizer.normalize(avroJson, schema);
            @SuppressWarnings("unchecked")
            DatumReader<T> reader = (DatumReader<T>) SpecificData.getForClass(type).createDatumReader(schema);
            T event = reader.read(null, DecoderFactory.get().jsonDecoder(schema, strict));
            return DecodeResult.decoded(event);
        } catch (AvroJsonNormalizer.BadJson e) {
            return DecodeResult.undecodable(Problem.BAD_JSON, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return DecodeResult.undecodable(Problem.BAD_JSON, type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Single-object encoding when the bytes start with {@code C3 01}, otherwise UTF-8 Avro JSON. Used for request
     * topics, so scripts and kcat can send JSON. Bytes that are neither (a bare MIDI file) give
     * {@link Problem#NOT_AVRO}.
     */
    public <T extends SpecificRecord> DecodeResult<T> decodeBinaryOrJson(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            return DecodeResult.undecodable(Problem.EMPTY, "no bytes");
        }
        if (hasMagic(bytes)) {
            return decode(bytes, type);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return DecodeResult.undecodable(Problem.NOT_AVRO,
                    "starts with " + hexPrefix(bytes) + ": neither single-object Avro nor UTF-8 JSON");
        }
        String start = text.stripLeading();
        if (!start.startsWith("{") && !start.startsWith("[")) {
            return DecodeResult.undecodable(Problem.NOT_AVRO,
                    "starts with " + hexPrefix(bytes) + ": neither single-object Avro nor JSON");
        }
        return decodeJson(text, type);
    }

    /** Avro JSON of an event (unions wrapped, bytes as ISO-8859-1 text), on one line. */
    public String toJson(SpecificRecord event) {
        return toJson(event, false);
    }

    /** Avro JSON of an event, indented when {@code pretty}. */
    public String toJson(SpecificRecord event, boolean pretty) {
        Objects.requireNonNull(event, "event");
        Schema schema = event.getSchema();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out, pretty);
            @SuppressWarnings("unchecked")
            DatumWriter<SpecificRecord> writer =
                    (DatumWriter<SpecificRecord>) SpecificData.getForClass(event.getClass()).createDatumWriter(schema);
            writer.write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The fingerprint the codec writes for an event type (CRC-64-AVRO of the parsing canonical form). */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** True when {@code bytes} start with the single-object marker. */
    public static boolean hasMagic(byte[] bytes) {
        return bytes != null && bytes.length >= MAGIC.length && bytes[0] == MAGIC[0] && bytes[1] == MAGIC[1];
    }

    private Schema schemaOf(Class<? extends SpecificRecord> type) {
        if (!typesByName.containsValue(type)) {
            throw new IllegalArgumentException("not a Chorale event type: " + type.getName());
        }
        return SpecificData.getForClass(type).getSchema(type);
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 4); i++) {
            hex.append(String.format("%02X ", bytes[i] & 0xff));
        }
        return hex.toString().strip() + (bytes.length > 4 ? " ..." : "");
    }
}
