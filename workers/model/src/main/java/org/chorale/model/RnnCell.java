package org.chorale.model;

/**
 * One step of the RNN on plain arrays, for the sequential paths (conditioning for evaluation, sampling): from the
 * input drive {@code bu + v_t Wvu} and u_{t-1}, the next state u_t. Holds the LSTM's cell state between steps, so
 * one instance follows one sequence.
 *
 * <pre>
 *   tanh / sigmoid:  u_t = f(bu + v_t Wvu + u_{t-1} Wuu)
 *   lstm:            [a_i | a_f | a_o | a_g] = bu + v_t Wvu + u_{t-1} Wuu
 *                    c_t = s(a_f) * c_{t-1} + s(a_i) * tanh(a_g),   u_t = s(a_o) * tanh(c_t)
 * </pre>
 */
final class RnnCell {
    private final Recurrence f;
    private final boolean lstm;
    private final int nu, width;
    private final double[] wuu;  // [nu x width], row-major
    private final double[] pre;  // scratch: one step's pre-activations
    private final double[] cell; // the LSTM's c_{t-1}; unused otherwise

    RnnCell(ModelConfig config, double[] wuu) {
        this.f = Recurrence.of(config);
        this.lstm = config.lstmRecurrence();
        this.nu = config.recurrent();
        this.width = config.recurrentInputs();
        this.wuu = wuu;
        this.pre = new double[width];
        this.cell = new double[nu];
    }

    /** u[uOff..+nu] = the next state, from drive[dOff..+width] (bu + v_t Wvu) and prev[pOff..+nu] (u_{t-1}). */
    void step(double[] drive, int dOff, double[] prev, int pOff, double[] u, int uOff) {
        System.arraycopy(drive, dOff, pre, 0, width);
        Recurrence.addProduct(prev, pOff, wuu, nu, width, pre, 0);
        if (!lstm) {
            for (int j = 0; j < nu; j++) u[uOff + j] = f.apply(pre[j]);
            return;
        }
        for (int j = 0; j < nu; j++) {
            double in = Sampling.sigmoid(pre[j]), forget = Sampling.sigmoid(pre[nu + j]);
            double out = Sampling.sigmoid(pre[2 * nu + j]), candidate = Math.tanh(pre[3 * nu + j]);
            cell[j] = forget * cell[j] + in * candidate;
            u[uOff + j] = out * Math.tanh(cell[j]);
        }
    }
}
