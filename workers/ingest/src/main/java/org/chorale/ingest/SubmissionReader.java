package org.chorale.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.chorale.events.MidiSubmitted;
import org.chorale.events.RejectReason;
import org.chorale.schemas.DecodeResult;
import org.chorale.schemas.EventCodec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the envelope of an ingest record. Two forms are accepted:
 * <ul>
 *   <li>an Avro {@link MidiSubmitted}, single-object encoded (starts with {@code C3 01}) or as Avro JSON (starts
 *       with <code>{</code>);</li>
 *   <li>a bare Standard MIDI File, so any Kafka client can publish a {@code .mid}: the key is the piece name, the
 *       optional headers {@code dataset} and {@code split} say where it belongs.</li>
 * </ul>
 * Anything else is treated as a bare file and left to the MIDI reader, which says why it is not MIDI.
 */
final class SubmissionReader {
    static final String DATASET_HEADER = "dataset";
    static final String SPLIT_HEADER = "split";
    static final String DEFAULT_DATASET = "default";

    private final EventCodec codec;

    SubmissionReader(EventCodec codec) {
        this.codec = codec;
    }

    Submission read(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        if (value == null || value.length == 0) return new Submission.Refused(RejectReason.EMPTY, "the record has no value");
        if (looksLikeEnvelope(value)) return fromEnvelope(value);
        return withChecks(nameOf(record), header(record, DATASET_HEADER).orElse(null),
                header(record, SPLIT_HEADER).orElse(null), value);
    }

    private Submission fromEnvelope(byte[] value) {
        DecodeResult<MidiSubmitted> decoded = codec.decodeBinaryOrJson(value, MidiSubmitted.class);
        if (decoded instanceof DecodeResult.Undecodable<MidiSubmitted> u)
            return new Submission.Refused(RejectReason.UNDECODABLE,
                    "the value looks like a MidiSubmitted event but cannot be decoded (" + u.problem() + "): " + u.detail());
        MidiSubmitted s = decoded.orElseThrow();
        return withChecks(s.getPieceName(), s.getDataset(), s.getSplit(), bytesOf(s.getMidi()));
    }

    private static Submission withChecks(String name, String dataset, String split, byte[] midi) {
        String datasetName = dataset == null || dataset.isBlank() ? DEFAULT_DATASET : dataset.strip();
        if (split == null || split.isBlank()) return new Submission.Midi(name, datasetName, null, midi);
        Optional<String> named = Splits.named(split);
        if (named.isEmpty())
            return new Submission.Refused(RejectReason.UNSUPPORTED,
                    "split \"" + split + "\" is not one of train, valid, test (omit it to assign one from the content)");
        return new Submission.Midi(name, datasetName, named.get(), midi);
    }

    /** Single-object Avro, or text that starts like a JSON object (a MIDI file starts with "MThd"). */
    private static boolean looksLikeEnvelope(byte[] value) {
        if (EventCodec.hasMagic(value)) return true;
        for (byte b : value) {
            if (b == '{') return true;
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return false;
        }
        return false;
    }

    /** The piece name: the key, or where the record sits when it has none. */
    private static String nameOf(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() != null && record.key().length > 0) return new String(record.key(), StandardCharsets.UTF_8);
        return record.topic() + "-" + record.partition() + "-" + record.offset();
    }

    private static Optional<String> header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? Optional.empty() : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
