package org.chorale.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.chorale.events.RejectReason;

import java.util.EnumMap;
import java.util.Map;

/** The ingest meters of docs/metrics.md; the registry adds the common {@code role} and {@code worker} tags. */
final class IngestMetrics {
    private final Counter accepted;
    private final Counter rejected;
    private final Map<RejectReason, Counter> rejectionsByReason = new EnumMap<>(RejectReason.class);
    private final Counter bytes;
    private final Timer parse;

    IngestMetrics(MeterRegistry registry) {
        // Registered up front so dashboards see zeros rather than missing series before the first file.
        accepted = Counter.builder("chorale.ingest.files").tag("outcome", "accepted")
                .description("MIDI files processed").register(registry);
        rejected = Counter.builder("chorale.ingest.files").tag("outcome", "rejected")
                .description("MIDI files processed").register(registry);
        for (RejectReason reason : RejectReason.values())
            rejectionsByReason.put(reason, Counter.builder("chorale.ingest.rejections").tag("reason", reason.name())
                    .description("Rejections by reason code").register(registry));
        bytes = Counter.builder("chorale.ingest.bytes").description("MIDI bytes read").register(registry);
        parse = Timer.builder("chorale.ingest.parse").description("Parse and quantise time per file").register(registry);
    }

    void read(int size) { bytes.increment(size); }

    void accepted() { accepted.increment(); }

    void rejected(RejectReason reason) {
        rejected.increment();
        rejectionsByReason.get(reason).increment();
    }

    Timer parseTimer() { return parse; }
}
