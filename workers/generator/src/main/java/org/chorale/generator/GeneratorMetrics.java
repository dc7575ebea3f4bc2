package org.chorale.generator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.chorale.events.FailureReason;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** The generation meters of docs/metrics.md; the registry adds the common {@code role} and {@code worker} tags. */
final class GeneratorMetrics {
    /** The {@code reason} tag of answered requests: every series of a meter must carry the same tag keys. */
    static final String NO_REASON = "none";

    private final MeterRegistry registry;
    private final Timer latency;
    private final Counter completed;
    private final Counter timesteps;
    private final Map<FailureReason, Counter> failed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> versionByModel = new ConcurrentHashMap<>();

    GeneratorMetrics(MeterRegistry registry, IntSupplier modelsLoaded) {
        this.registry = registry;
        // A percentile histogram lets Prometheus compute p50/p95/p99 across every generator of the fleet.
        latency = Timer.builder("chorale.generation.latency").description("Request handling time")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        completed = requests("completed", NO_REASON);
        for (FailureReason reason : FailureReason.values()) failed.put(reason, requests("failed", reason.name()));
        timesteps = Counter.builder("chorale.generation.timesteps").description("Time steps generated").register(registry);
        // held strongly: the supplier is usually a fresh method reference that nothing else keeps, and a gauge
        // holds its object weakly by default (it read NaN after the first GC)
        Gauge.builder("chorale.generation.models.loaded", modelsLoaded, s -> s.getAsInt()).strongReference(true)
                .description("Models held in memory").register(registry);
    }

    private Counter requests(String outcome, String reason) {
        return Counter.builder("chorale.generation.requests").description("Requests answered")
                .tags("outcome", outcome, "reason", reason).register(registry);
    }

    Timer latency() { return latency; }

    void completed(int steps, int pieces) {
        completed.increment();
        timesteps.increment((double) steps * pieces);
    }

    void failed(FailureReason reason) { failed.get(reason).increment(); }

    /** The newest version of {@code modelId} this generator holds. */
    void modelVersion(String modelId, long version) {
        versionByModel.computeIfAbsent(modelId, id -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("chorale.generation.model.version", holder, AtomicLong::doubleValue)
                    .description("Newest version held per model").tag("model", id).register(registry);
            return holder;
        }).set(version);
    }
}
