package org.chorale.trainer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The training meters of docs/metrics.md, tagged by {@code model} (the registry adds {@code role} and
 * {@code worker}). Gauges hold the last epoch's figures; NaN where an epoch had no validation split.
 */
final class TrainerMetrics {
    private final MeterRegistry registry;
    private final Map<String, Value> values = new ConcurrentHashMap<>();

    TrainerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records a finished epoch (its number is also the checkpoint version). */
    void completed(String model, EpochRunner.EpochResult result, int epoch) {
        EpochRunner.Validation v = result.validation();
        set(model, "chorale.training.epoch.cost", result.report().meanCost());
        set(model, "chorale.training.valid.nll.per.step", v == null ? Double.NaN : v.nllPerStep());
        set(model, "chorale.training.valid.frame.accuracy", v == null ? Double.NaN : v.frameAccuracy());
        set(model, "chorale.training.baseline.nll.per.step", v == null ? Double.NaN : v.baselineNllPerStep());
        set(model, "chorale.training.gradient.norm", result.report().meanGradientNorm());
        set(model, "chorale.training.epoch", epoch);
        set(model, "chorale.training.checkpoint.version", epoch);
        set(model, "chorale.training.timesteps.per.second", result.report().timeStepsPerSecond());
        result.sampleStats().forEach((stat, value) -> gauge(model, "chorale.training.sample.stat", "stat", stat).value = value);
        // the same statistics of the training split, so a dashboard plots generated against corpus
        result.corpusStats().forEach((stat, value) -> gauge(model, "chorale.training.corpus.stat", "stat", stat).value = value);
        Counter.builder("chorale.training.timesteps").tag("model", model).register(registry).increment(result.report().timeSteps());
        // named ".seconds" so Prometheus calls it chorale_training_epoch_seconds next to the gauge chorale_training_epoch
        Timer.builder("chorale.training.epoch.seconds").tag("model", model).description("Wall time per epoch")
                .register(registry).record(Duration.ofNanos((long) (result.report().seconds() * 1e9)));
        epochs(model, "completed").increment();
    }

    void failed(String model) { epochs(model, "failed").increment(); }

    /** A request that was not run because the model is already past it (a duplicate job). */
    void stale(String model) {
        Counter.builder("chorale.training.requests.skipped").tag("model", model).tag("reason", "stale")
                .description("Epoch requests not run").register(registry).increment();
    }

    private Counter epochs(String model, String outcome) {
        return Counter.builder("chorale.training.epochs").tag("model", model).tag("outcome", outcome)
                .description("Epochs run").register(registry);
    }

    private void set(String model, String name, double value) { gauge(model, name, null, null).value = value; }

    /** Gauges read a holder that this class keeps alive (Micrometer only holds it weakly). */
    private Value gauge(String model, String name, String tagKey, String tagValue) {
        String id = name + '|' + model + '|' + tagKey + '|' + tagValue;
        return values.computeIfAbsent(id, k -> {
            Value holder = new Value();
            Gauge.Builder<Value> b = Gauge.builder(name, holder, v -> v.value).tag("model", model);
            if (tagKey != null) b.tag(tagKey, tagValue);
            b.register(registry);
            return holder;
        });
    }

    private static final class Value {
        volatile double value = Double.NaN;
    }
}
