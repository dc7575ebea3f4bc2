package org.chorale.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chorale.events.MidiRejected;
import org.chorale.events.PianoRoll;
import org.chorale.events.RejectReason;
import org.chorale.music.DemoCorpus;
import org.chorale.music.MidiOptions;
import org.chorale.music.NamedMidi;
import org.chorale.runtime.loop.Outbox;
import org.chorale.schemas.EventCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The handler alone, with an outbox that records: the paths the broker test cannot reach cheaply. */
class IngestHandlerTest {
    private final EventCodec codec = EventCodec.standard();
    private final NamedMidi piece = DemoCorpus.pieces().get(0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static final class RecordingOutbox implements Outbox {
        final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

        @Override public void send(String topic, String key, SpecificRecord event) {
            sent.add(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    EventCodec.standard().encode(event)));
        }

        @Override public void send(ProducerRecord<byte[], byte[]> record) { sent.add(record); }
    }

    private RecordingOutbox handle(int maxRollBytes, byte[] value) {
        IngestHandler handler = new IngestHandler("rolls", "rejected", MidiOptions.defaults(),
                new SubmissionReader(codec), new IngestMetrics(registry), Clock.systemUTC(), maxRollBytes);
        RecordingOutbox out = new RecordingOutbox();
        handler.handle(new ConsumerRecord<>("in", 0, 5L, piece.name().getBytes(StandardCharsets.UTF_8), value), out);
        return out;
    }

    @Test
    void aValidFileGivesExactlyOneRollKeyedByDatasetAndPieceId() {
        RecordingOutbox out = handle(IngestHandler.MAX_ROLL_BYTES, piece.bytes());
        assertEquals(1, out.sent.size());
        ProducerRecord<byte[], byte[]> r = out.sent.get(0);
        assertEquals("rolls", r.topic());
        PianoRoll roll = codec.decode(r.value(), PianoRoll.class).orElseThrow();
        assertEquals("default/" + roll.getPieceId(), new String(r.key(), StandardCharsets.UTF_8));
        assertEquals(1.0, registry.get("chorale.ingest.files").tag("outcome", "accepted").counter().count());
    }

    @Test
    void aRollTooLargeForTheTopicIsRejectedNotSent() {
        RecordingOutbox out = handle(1000, piece.bytes());
        assertEquals(1, out.sent.size());
        assertEquals("rejected", out.sent.get(0).topic());
        MidiRejected r = codec.decode(out.sent.get(0).value(), MidiRejected.class).orElseThrow();
        assertEquals(RejectReason.TOO_LARGE, r.getReason());
        assertTrue(r.getDetail().contains("limit is 1000 bytes"), r.getDetail());
        assertEquals(5L, r.getSourceOffset());
        assertEquals(1.0, registry.get("chorale.ingest.rejections").tag("reason", "TOO_LARGE").counter().count());
    }
}
