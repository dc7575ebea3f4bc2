package org.chorale.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chorale.events.MidiRejected;
import org.chorale.events.RejectReason;
import org.chorale.music.MidiError;
import org.chorale.music.MidiOptions;
import org.chorale.music.MidiReader;
import org.chorale.music.MidiResult;
import org.chorale.runtime.Topics;
import org.chorale.runtime.loop.Outbox;
import org.chorale.runtime.loop.RecordHandler;
import org.chorale.schemas.EventCodec;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * One ingest record in, exactly one event out: a {@code PianoRoll} on {@code chorale.pianorolls} keyed
 * {@code <dataset>/<pieceId>}, or a {@code MidiRejected} on {@code chorale.midi.rejected} keyed by the record key.
 * Bad input is never an exception here: the loop commits the answer with the record's offset, so nothing is lost,
 * nothing is answered twice, and a broken file never stalls its partition.
 */
final class IngestHandler implements RecordHandler {
    /** Largest encoded roll published: the topics' record limit, less room for the batch's own overhead. */
    static final int MAX_ROLL_BYTES = Topics.MAX_MESSAGE_BYTES - 64 * 1024;

    private final String rollsTopic;
    private final String rejectedTopic;
    private final MidiOptions options;
    private final SubmissionReader submissions;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final EventCodec codec = EventCodec.standard();
    private final int maxRollBytes;

    IngestHandler(String rollsTopic, String rejectedTopic, MidiOptions options, SubmissionReader submissions,
                  IngestMetrics metrics, Clock clock) {
        this(rollsTopic, rejectedTopic, options, submissions, metrics, clock, MAX_ROLL_BYTES);
    }

    IngestHandler(String rollsTopic, String rejectedTopic, MidiOptions options, SubmissionReader submissions,
                  IngestMetrics metrics, Clock clock, int maxRollBytes) {
        this.rollsTopic = rollsTopic;
        this.rejectedTopic = rejectedTopic;
        this.options = options;
        this.submissions = submissions;
        this.metrics = metrics;
        this.clock = clock;
        this.maxRollBytes = maxRollBytes;
    }

    @Override
    public void handle(ConsumerRecord<byte[], byte[]> record, Outbox out) {
        metrics.read(sizeOf(record));
        Submission submission = submissions.read(record);
        if (submission instanceof Submission.Refused refused) {
            reject(record, refused.reason(), refused.detail(), out);
            return;
        }
        Submission.Midi midi = (Submission.Midi) submission;
        MidiResult result = parse(midi);
        if (result instanceof MidiResult.Parsed parsed) accept(record, midi, parsed, out);
        else if (result instanceof MidiResult.Rejected rejected)
            reject(record, reasonFor(rejected), rejected.error().message(), out);
    }

    private MidiResult parse(Submission.Midi midi) {
        try {
            return metrics.parseTimer().record(() -> MidiReader.read(midi.bytes(), midi.name(), options));
        } catch (RuntimeException bug) {
            // The reader promises never to throw; if it does, the same bytes would fail again on every retry,
            // so the honest answer is a rejection that names the bug rather than a record stuck in retries.
            return new MidiResult.Rejected(new MidiError(MidiError.Reason.BAD_EVENT, "the MIDI reader failed: " + bug));
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record, Submission.Midi midi, MidiResult.Parsed parsed, Outbox out) {
        String pieceId = parsed.roll().contentHash();
        String split = midi.split() != null ? midi.split() : Splits.forPiece(pieceId);
        byte[] roll = codec.encode(RollEvents.toEvent(parsed.roll(), pieceId, midi.dataset(), split,
                parsed.summary().droppedTotal(), sourceOf(record), clock.instant()));
        if (roll.length > maxRollBytes) {
            // A long, dense piece can fit the MIDI limits yet make a roll no topic accepts; say so rather than
            // let the send fail until the record is dead-lettered.
            reject(record, RejectReason.TOO_LARGE, "the piano roll of " + parsed.roll().length() + " steps is "
                    + roll.length + " bytes encoded; the limit is " + maxRollBytes + " bytes", out);
            return;
        }
        out.send(new ProducerRecord<>(rollsTopic, (midi.dataset() + "/" + pieceId).getBytes(StandardCharsets.UTF_8), roll));
        metrics.accepted();
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, RejectReason reason, String detail, Outbox out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        out.send(rejectedTopic, key, MidiRejected.newBuilder()
                .setKey(key).setReason(reason).setDetail(detail)
                .setSourceTopic(record.topic()).setSourcePartition(record.partition()).setSourceOffset(record.offset())
                .setSizeBytes(sizeOf(record)).setRejectedAt(clock.instant())
                .build());
        metrics.rejected(reason);
    }

    /** The MIDI reader's reasons are named after the Avro enum's symbols. */
    private static RejectReason reasonFor(MidiResult.Rejected rejected) {
        try {
            return RejectReason.valueOf(rejected.error().reason().name());
        } catch (IllegalArgumentException unknown) {
            return RejectReason.UNKNOWN;
        }
    }

    private static String sourceOf(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    private static int sizeOf(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? 0 : record.value().length;
    }
}
