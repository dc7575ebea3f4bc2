package org.chorale.model.eval;

/**
 * Settings of Annealed Importance Sampling: {@code runs} independent chains (M) per RBM, {@code temperatures}
 * intermediate distributions (K), their spacing, the base-rate model, and the seed of the explicit random streams
 * (each chain has its own stream derived from the seed, so results do not depend on threads or chunking).
 */
public record AisSettings(int runs, int temperatures, AisSchedule schedule, AisBase base, long seed) {
    public AisSettings {
        if (runs < 1) throw new IllegalArgumentException("AIS needs at least one run, got " + runs);
        if (temperatures < 1) throw new IllegalArgumentException("AIS needs at least one temperature, got " + temperatures);
        if (schedule == null) throw new IllegalArgumentException("AIS schedule is required");
        if (base == null) throw new IllegalArgumentException("AIS base model is required");
    }

    /** The paper's 100 runs; K = 1000, where the estimate stopped moving in our measurement (see {@link Ais}). */
    public static AisSettings paper() {
        return new AisSettings(100, Ais.PAPER_TEMPERATURES, AisSchedule.LINEAR, AisBase.MEAN_FIELD, 1);
    }

    /** A cheap setting for per-epoch validation: M = 5, K = 100 with the mean-field base. On a trained JSB model its
     *  log Z was within 0.002 nats of K = 10000 (slightly low, so the NLL slightly optimistic). */
    public static AisSettings fast() {
        return new AisSettings(5, 100, AisSchedule.LINEAR, AisBase.MEAN_FIELD, 1);
    }

    public AisSettings withRuns(int m) { return new AisSettings(m, temperatures, schedule, base, seed); }
    public AisSettings withTemperatures(int k) { return new AisSettings(runs, k, schedule, base, seed); }
    public AisSettings withSchedule(AisSchedule s) { return new AisSettings(runs, temperatures, s, base, seed); }
    public AisSettings withBase(AisBase b) { return new AisSettings(runs, temperatures, schedule, b, seed); }
    public AisSettings withSeed(long s) { return new AisSettings(runs, temperatures, schedule, base, s); }
}
