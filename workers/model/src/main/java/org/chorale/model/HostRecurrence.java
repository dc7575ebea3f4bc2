package org.chorale.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

import static org.chorale.model.MinibatchBuffers.head;

/**
 * The tanh / sigmoid RNN's two sequential loops of a training minibatch, forward and back through time, on the host
 * in float: what {@link CdBpttStep}'s per-step ND4J ops compute (tanh within 3.3e-7, see {@link FloatMath}), without
 * their fixed cost per op.
 *
 * <pre>
 *   forward:  u_{s+1} = f(a_s + u_s Wuu),  f'_s = f'(a_s)       (a_s = bu + v_s Wvu, from one GEMM before)
 *   backward: dA_s = (direct_{s+1} + dA_{s+1} Wuu^T) * f'_s,   dA_{T-1} = 0
 * </pre>
 * The B sequences of a minibatch are independent, so each core runs whole sequences start to end, without a barrier
 * per step. Why: ND4J's [16 x 100].[100 x 100] GEMM and tanh cost 30-50 us per step whatever their size, and the
 * two loops are 200 of those per paper-shaped minibatch: 3.4-5 ms forward alone, against 1.6-2 ms here on two cores
 * (backward 1.5-2 ms). The products are written as sums of weight rows scaled by one input each, over separate row
 * arrays, which C2 vectorises (a loop indexing one array at an offset it did not: 0.7 ns per multiply-add).
 */
final class HostRecurrence {
    private final Recurrence f;
    private final int batch, nu;
    private final float[][] wuu, wuuT;  // Wuu and its transpose, one array per row
    private final float[] flat;         // Wuu as read, row-major
    private float[] in = new float[0], out = new float[0], aux = new float[0];

    HostRecurrence(ModelConfig config, int batch) {
        this.f = Recurrence.of(config);
        this.batch = batch;
        this.nu = config.recurrent();
        this.wuu = new float[nu][nu];
        this.wuuT = new float[nu][nu];
        this.flat = new float[nu * nu];
    }

    /**
     * With a_s in {@code preact} (steps x batch rows), writes u_1..u_T into rows batch.. of {@code states} (whose
     * first block, u_0, stays 0) and f'(a_s) into {@code derivative}. {@code preact} is left as it was.
     */
    void forward(INDArray preact, INDArray wuuArray, INDArray states, INDArray derivative, int steps) {
        int n = steps * batch * nu;
        loadWeights(wuuArray);
        float[] a = scratch(0, n), u = scratch(1, n), d = scratch(2, n);
        read(head(preact, (long) steps * batch), a, n);
        bySequence(q -> {
            float[] pre = new float[nu], prev = new float[nu], slope = new float[nu];
            boolean sigmoid = f == Recurrence.SIGMOID;
            for (int s = 0; s < steps; s++) {
                int row = (s * batch + q) * nu;
                System.arraycopy(a, row, pre, 0, nu);
                if (s > 0) addProduct(prev, wuu, pre);
                activate(pre);
                if (sigmoid) for (int j = 0; j < nu; j++) slope[j] = pre[j] - pre[j] * pre[j];
                else for (int j = 0; j < nu; j++) slope[j] = 1 - pre[j] * pre[j];
                System.arraycopy(pre, 0, u, row, nu);
                System.arraycopy(slope, 0, d, row, nu);
                float[] t = prev; prev = pre; pre = t;
            }
        });
        write(u, states, (long) batch * nu, n);
        write(d, derivative, 0, n);
    }

    /** dA_s for every step into {@code preactGrad}, from {@code direct} (dC/du_{s+1} via the biases) and f'. */
    void backward(INDArray direct, INDArray derivative, INDArray wuuArray, INDArray preactGrad, int steps) {
        int n = steps * batch * nu;
        loadWeights(wuuArray);
        float[] dir = scratch(0, n), d = scratch(1, n), g = scratch(2, n);
        long rows = (long) steps * batch;
        read(head(direct, rows), dir, n);
        read(head(derivative, rows), d, n);
        bySequence(q -> {
            float[] next = new float[nu], acc = new float[nu], slope = new float[nu];
            java.util.Arrays.fill(g, ((steps - 1) * batch + q) * nu, ((steps - 1) * batch + q + 1) * nu, 0f);
            for (int s = steps - 2; s >= 0; s--) {
                int row = (s * batch + q) * nu;
                System.arraycopy(dir, row + batch * nu, acc, 0, nu); // direct_{s+1}: block s + 1 of direct
                if (s < steps - 2) addProduct(next, wuuT, acc);      // dA_{s+1} Wuu^T (dA_{T-1} = 0)
                System.arraycopy(d, row, slope, 0, nu);
                for (int j = 0; j < nu; j++) acc[j] *= slope[j];
                System.arraycopy(acc, 0, g, row, nu);
                float[] t = next; next = acc; acc = t;
            }
        });
        write(g, preactGrad, 0, n);
    }

    /** x = f(x) in place, as one loop C2 vectorises. */
    private void activate(float[] x) {
        if (f == Recurrence.SIGMOID) FloatMath.sigmoid(x, 0, x.length);
        else for (int j = 0; j < x.length; j++) x[j] = FloatMath.tanh(x[j]);
    }

    /** out += x M, M given by rows: four rows at a time, so that each pass over out does four multiply-adds. */
    private static void addProduct(float[] x, float[][] m, float[] out) {
        int rows = x.length, cols = out.length, i = 0;
        for (; i + 3 < rows; i += 4) {
            float x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
            float[] m0 = m[i], m1 = m[i + 1], m2 = m[i + 2], m3 = m[i + 3];
            for (int j = 0; j < cols; j++) out[j] += x0 * m0[j] + x1 * m1[j] + x2 * m2[j] + x3 * m3[j];
        }
        for (; i < rows; i++) {
            float xi = x[i];
            float[] mi = m[i];
            for (int j = 0; j < cols; j++) out[j] += xi * mi[j];
        }
    }

    private interface PerSequence {
        void run(int sequence);
    }

    /** Runs every sequence of the batch, the sequences split between the cores. */
    private void bySequence(PerSequence body) {
        HostArrays.inParts(batch, (first, stride) -> {
            for (int q = first; q < batch; q += stride) body.run(q);
        });
    }

    private void loadWeights(INDArray w) {
        read(w, flat, nu * nu);
        for (int i = 0; i < nu; i++)
            for (int j = 0; j < nu; j++) {
                wuu[i][j] = flat[i * nu + j];
                wuuT[j][i] = flat[i * nu + j];
            }
    }

    private float[] scratch(int which, int n) {
        float[] a = which == 0 ? in : which == 1 ? out : aux;
        if (a.length >= n) return a;
        a = new float[n];
        if (which == 0) in = a;
        else if (which == 1) out = a;
        else aux = a;
        return a;
    }

    private static void read(INDArray from, float[] into, int n) {
        HostArrays.contiguousLength(from);
        FloatBuffer view = from.data().asNioFloat();
        view.get(HostArrays.offset(from, view), into, 0, n);
    }

    /** into's elements [start, start + n) = from[0, n). */
    private static void write(float[] from, INDArray into, long start, int n) {
        HostArrays.contiguousLength(into);
        FloatBuffer view = into.data().asNioFloat();
        view.put(Math.toIntExact(HostArrays.offset(into, view) + start), from, 0, n);
    }
}
