package org.chorale.cli.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chorale.events.MidiRejected;
import org.chorale.events.PianoRoll;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.schemas.DecodeResult;
import org.chorale.schemas.EventCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Waits until the ingest worker has answered every published piece with a roll or a rejection. Answers are
 * matched by the source record ({@code topic/partition/offset}) the worker names in them, so two files with the
 * same name, or an unrelated publisher, cannot confuse the count.
 */
final class IngestWatch implements AutoCloseable {

    /** What became of one piece. */
    record Outcome(Publisher.Sent sent, PianoRoll roll, MidiRejected rejection) {
        boolean accepted() { return roll != null; }
    }

    private final TopicTail tail;

    private IngestWatch(TopicTail tail) {
        this.tail = tail;
    }

    /** Opens before publishing, at the end of the rolls and rejections topics. */
    static IngestWatch open(ChoraleConfig config) {
        var topics = config.topics();
        return new IngestWatch(TopicTail.fromEnd(config, topics.pianorolls(), topics.midiRejected()));
    }

    /**
     * The outcomes of {@code sent}, in the same order; pieces still unanswered after {@code timeout} (or when
     * {@code cancelled}) are missing from the map.
     */
    Map<String, Outcome> await(List<Publisher.Sent> sent, Duration timeout, BooleanSupplier cancelled) {
        Map<String, Publisher.Sent> pending = new LinkedHashMap<>();
        sent.forEach(s -> pending.put(s.source(), s));
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline && !cancelled.getAsBoolean()) {
            for (ConsumerRecord<byte[], byte[]> r : tail.poll(Duration.ofMillis(500))) {
                if (!(EventCodec.standard().decode(r.value()) instanceof DecodeResult.Decoded<?> d)) continue;
                if (d.event() instanceof PianoRoll roll) {
                    Publisher.Sent s = pending.remove(roll.getSource());
                    if (s != null) outcomes.put(s.source(), new Outcome(s, roll, null));
                } else if (d.event() instanceof MidiRejected rej) {
                    String source = rej.getSourceTopic() + "/" + rej.getSourcePartition() + "/" + rej.getSourceOffset();
                    Publisher.Sent s = pending.remove(source);
                    if (s != null) outcomes.put(s.source(), new Outcome(s, null, rej));
                }
            }
        }
        Map<String, Outcome> ordered = new LinkedHashMap<>();
        for (Publisher.Sent s : sent) if (outcomes.containsKey(s.source())) ordered.put(s.source(), outcomes.get(s.source()));
        return ordered;
    }

    static List<Outcome> accepted(Map<String, Outcome> outcomes) {
        return new ArrayList<>(outcomes.values().stream().filter(Outcome::accepted).toList());
    }

    @Override public void close() {
        tail.close();
    }
}
