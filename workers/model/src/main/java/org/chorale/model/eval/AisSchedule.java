package org.chorale.model.eval;

/**
 * How AIS spaces its inverse temperatures 0 = beta_0 < beta_1 < ... < beta_K = 1 between the base-rate model and
 * the target RBM.
 */
public enum AisSchedule {
    /** Evenly spaced: beta_k = k / K. */
    LINEAR {
        @Override double beta(int k, int temperatures) { return (double) k / temperatures; }
    },
    /** Geometric from 1e-3 to 1 (beta_0 = 0): dense near the base model. */
    GEOMETRIC {
        @Override double beta(int k, int temperatures) {
            if (k == 0) return 0;
            if (temperatures == 1) return 1;
            return Math.pow(1e-3, (double) (temperatures - k) / (temperatures - 1));
        }
    },
    /** Salakhutdinov &amp; Murray (2008)'s piecewise-linear spacing, scaled to K: the first 500/14500 of the
     *  temperatures cover [0, 0.5], the next 4000/14500 cover [0.5, 0.9], the last 10000/14500 cover [0.9, 1]: dense
     *  near the target, where a coupled RBM's distribution changes fastest. */
    SALAKHUTDINOV_MURRAY {
        @Override double beta(int k, int temperatures) {
            double x = (double) k / temperatures;
            double a = 500.0 / 14500, b = 4500.0 / 14500;
            if (x <= a) return 0.5 * x / a;
            if (x <= b) return 0.5 + 0.4 * (x - a) / (b - a);
            return 0.9 + 0.1 * (x - b) / (1 - b);
        }
    };

    /** beta_k for k in 0..temperatures (beta_0 = 0, beta_K = 1). */
    abstract double beta(int k, int temperatures);

    /** All K + 1 inverse temperatures, increasing from 0 to exactly 1. */
    public double[] betas(int temperatures) {
        if (temperatures < 1) throw new IllegalArgumentException("AIS needs at least one temperature");
        double[] b = new double[temperatures + 1];
        for (int k = 0; k <= temperatures; k++) b[k] = beta(k, temperatures);
        b[0] = 0;
        b[temperatures] = 1;
        return b;
    }
}
