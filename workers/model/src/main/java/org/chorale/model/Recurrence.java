package org.chorale.model;

/** The RNN nonlinearity and the small dense products of the sequential loops, on plain row-major arrays. */
enum Recurrence {
    TANH {
        @Override double apply(double a) { return Math.tanh(a); }
        @Override double derivativeFromOutput(double u) { return 1 - u * u; }
    },
    SIGMOID {
        @Override double apply(double a) { return Sampling.sigmoid(a); }
        @Override double derivativeFromOutput(double u) { return u * (1 - u); }
    };

    static Recurrence of(ModelConfig c) { return c.sigmoidRecurrence() ? SIGMOID : TANH; }

    abstract double apply(double a);

    /** f'(a) written through u = f(a), which is what the backward pass keeps. */
    abstract double derivativeFromOutput(double u);

    void applyInPlace(double[] x, int offset, int n) {
        for (int i = offset; i < offset + n; i++) x[i] = apply(x[i]);
    }

    /**
     * out[outOff..+cols] += x[xOff..+rows] . M, with M [rows x cols] row-major. Written as a sum of M's rows
     * scaled by x_i so the inner loop vectorises and zero inputs (most visible units) are skipped.
     */
    static void addProduct(double[] x, int xOff, double[] m, int rows, int cols, double[] out, int outOff) {
        for (int i = 0; i < rows; i++) {
            double xi = x[xOff + i];
            if (xi == 0) continue;
            int row = i * cols;
            for (int j = 0; j < cols; j++) out[outOff + j] += xi * m[row + j];
        }
    }
}
