package org.chorale.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SoftPlus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.FloatBuffer;

import static org.chorale.model.MinibatchBuffers.head;
import static org.chorale.model.MinibatchBuffers.rows;
import static org.chorale.model.Parameters.*;

/**
 * One minibatch of RNN-RBM training on {@link MinibatchBuffers}: RNN forward pass, CD-k chains for all T*B rows at
 * once, then the cost  C = (1/N) sum_t m_t [F_t(v_t) - F_t(v*_t)]  (N real steps, m the padding mask, v* constant)
 * and its exact gradient, into W, bv, bh directly and into Wuv, Wuh, Wvu, Wuu, bu by back-propagation through time.
 *
 * <pre>
 *   dC/dbv_t = m_t (v*_t - v_t) / N          dC/dbh_t = m_t (s(v*_t W + bh_t) - s(v_t W + bh_t)) / N
 *   dC/dW    = sum_t m_t (v*_t^T s(v*_t W + bh_t) - v_t^T s(v_t W + bh_t)) / N
 *   dC/dbv   = sum_t dC/dbv_t                dC/dbh   = sum_t dC/dbh_t
 *   dC/dWuv  = U_prev^T dBv                  dC/dWuh  = U_prev^T dBh       (U_prev: rows u_{t-1})
 *   direct:  dC/du_{t-1} = dBv_t Wuv^T + dBh_t Wuh^T
 *   BPTT:    dA_t = (direct_{t+1} + dA_{t+1} Wuu^T) * f'(a_t),  dA_T = 0  (a_t: pre-activation of u_t)
 *   dC/dWvu  = V^T dA                        dC/dWuu  = U_prev^T dA        dC/dbu = sum_t dA_t
 * </pre>
 * Everything except the two recurrences (forward and BPTT, one [B x nu].[nu x nu] GEMM per step) is a GEMM or an
 * element-wise op over all rows, writing into preallocated arrays. With an LSTM RNN, {@link LstmSteps} runs the two
 * recurrences instead (a is then the four gates' pre-activations, and f' is replaced by the gates' own terms).
 * On the CPU with two or more cores, the tanh / sigmoid recurrences, the chain's sampling, the RBMs' sigmoids and the
 * cost's softplus terms run as Java loops on all cores instead of ND4J ops ({@link #hostLoops}); float only, so the
 * double-precision gradient checks run the ND4J ops, and {@code HostLoopsTest} holds the loops to them.
 */
final class CdBpttStep {
    private final MinibatchBuffers b;
    private final boolean sigmoidRnn;
    private final LstmSteps lstm; // null unless recurrence = lstm
    private final HostRecurrence host; // null when the recurrences run as ND4J ops
    private final boolean hostLoops;   // sigmoids and the cost's softplus terms on the host (float only)

    CdBpttStep(ModelConfig config, MinibatchBuffers buffers) {
        this(config, buffers, hostLoops(buffers.dtype));
    }

    /**
     * {@code onHost}: run the tanh / sigmoid recurrences ({@link HostRecurrence}), the RBMs' sigmoids and the cost's
     * softplus terms ({@link HostHiddenTerm}) as plain Java loops; float arrays only (tests compare both ways).
     */
    CdBpttStep(ModelConfig config, MinibatchBuffers buffers, boolean onHost) {
        this.b = buffers;
        this.sigmoidRnn = config.sigmoidRecurrence();
        this.lstm = config.lstmRecurrence() ? new LstmSteps(config, buffers) : null;
        boolean host = onHost && buffers.dtype == DataType.FLOAT;
        this.hostLoops = host;
        this.host = host && lstm == null ? new HostRecurrence(config, buffers.batch) : null;
    }

    /** Whether this step runs the host loops: {@link HostArrays#hostLoops}, for float arrays. */
    static boolean hostLoops(DataType dtype) {
        return dtype == DataType.FLOAT && HostArrays.hostLoops();
    }

    /** RNN forward over {@code steps} steps: u_1..u_T, f'(a_t), and the conditional biases bv_t, bh_t. */
    void forward(Parameters p, int steps) {
        long n = (long) steps * b.batch;
        INDArray v = head(b.visible, n), a = head(b.preact, n);
        // a_t = bu + v_t Wvu for all steps in one GEMM; the recurrence adds u_{t-1} Wuu step by step.
        Nd4j.gemm(v, p.get(WVU), a, false, false, 1.0, 0.0);
        a.addiRowVector(p.get(BU));
        if (lstm != null) {
            lstm.forward(p, steps);
            conditionalBiases(p, n, head(b.states, n));
            return;
        }
        if (host != null) {
            host.forward(a, p.get(WUU), b.states, b.derivative, steps);
            conditionalBiases(p, n, head(b.states, n));
            return;
        }
        for (int s = 0; s < steps; s++) {
            if (s > 0) Nd4j.gemm(b.stateBlock[s], p.get(WUU), b.preactBlock[s], false, false, 1.0, 1.0);
            if (sigmoidRnn) Nd4j.getExecutioner().exec(new Sigmoid(b.preactBlock[s], b.stateBlock[s + 1]));
            else Nd4j.getExecutioner().exec(new Tanh(b.preactBlock[s], b.stateBlock[s + 1]));
        }
        INDArray u = rows(b.states, b.batch, n + b.batch), fprime = head(b.derivative, n);
        u.mul(u, fprime);                       // u^2
        if (sigmoidRnn) u.sub(fprime, fprime);  // f' = u - u^2
        else fprime.rsubi(1.0);                 // f' = 1 - u^2
        conditionalBiases(p, n, head(b.states, n));
    }

    /** The plain RBM (pre-training): every row's biases are the templates bv, bh; u stays 0. */
    void forwardRbmOnly(Parameters p, int steps) {
        long n = (long) steps * b.batch;
        b.states.assign(0);
        conditionalBiases(p, n, head(b.states, n));
    }

    private void conditionalBiases(Parameters p, long n, INDArray uPrev) {
        INDArray bv = head(b.visibleBias, n), bh = head(b.hiddenBias, n);
        Nd4j.gemm(uPrev, p.get(WUV), bv, false, false, 1.0, 0.0);
        bv.addiRowVector(p.get(BV));
        Nd4j.gemm(uPrev, p.get(WUH), bh, false, false, 1.0, 0.0);
        bh.addiRowVector(p.get(BH));
    }

    /**
     * CD-k from every v_t in its RBM_t: v -> h -> v ... k times; leaves v*_t in {@code negative} and the positive
     * phase (pre-activation and s(v W + bh_t)) ready for {@link #costAndGradient}.
     */
    void sampleNegatives(Parameters p, int steps, int k, BernoulliSampler rng) {
        long n = (long) steps * b.batch;
        INDArray w = p.get(W);
        INDArray bh = head(b.hiddenBias, n), bv = head(b.visibleBias, n);
        INDArray hPre = head(b.hiddenPreK, n), hSample = head(b.hiddenSample, n);
        INDArray vPre = head(b.visibleProb, n), vSample = head(b.negative, n);
        positivePhase(p, n);
        rng.sampleKnownLogits(head(b.hiddenPre0, n), head(b.hiddenProb0, n), hSample);
        // The chain needs only samples, never s(.) itself: the GEMM writes the pre-activation without the bias
        // and the sampler adds the bias and draws in one pass.
        for (int i = 1; i <= k; i++) {
            Nd4j.gemm(hSample, w, vPre, false, true, 1.0, 0.0);
            rng.sampleLogits(vPre, bv, vSample);
            if (i == k) break;
            Nd4j.gemm(vSample, w, hPre, false, false, 1.0, 0.0);
            rng.sampleLogits(hPre, bh, hSample);
        }
    }

    private void positivePhase(Parameters p, long n) {
        INDArray pre = head(b.hiddenPre0, n);
        affine(head(b.visible, n), p.get(W), false, head(b.hiddenBias, n), pre);
        sigmoid(pre, head(b.hiddenProb0, n));
    }

    /**
     * out = s(x), both contiguous and of one shape: with the host loops {@link FloatMath#sigmoid} on all cores
     * (within 2e-7; 0.28-0.35 against ND4J's 0.87-1.3 ms per [1600 x 150] on one thread), else ND4J's op.
     */
    private void sigmoid(INDArray x, INDArray out) {
        if (!hostLoops) {
            Nd4j.getExecutioner().exec(new Sigmoid(x, out));
            return;
        }
        int n = HostArrays.contiguousLength(x);
        if (HostArrays.contiguousLength(out) != n) throw new IllegalArgumentException("lengths differ");
        FloatBuffer xs = x.data().asNioFloat(), os = out.data().asNioFloat();
        int xo = HostArrays.offset(x, xs), oo = HostArrays.offset(out, os);
        HostArrays.inBlocks(n, (from, to) -> {
            float[] s = HostArrays.blockScratch()[0];
            xs.get(xo + from, s, 0, to - from);
            FloatMath.sigmoid(s, 0, to - from);
            os.put(oo + from, s, 0, to - from);
        });
    }

    /** out = x W (or x W^T) + bias, rows of bias being per-step biases. */
    private static void affine(INDArray x, INDArray w, boolean transposeW, INDArray bias, INDArray out) {
        out.assign(bias);
        Nd4j.gemm(x, w, out, false, transposeW, 1.0, 1.0);
    }

    /**
     * The cost with the negatives v* already in {@code negative} (treated as constants), and its gradient into
     * {@code grad}. {@code positiveReady}: {@link #sampleNegatives} has just computed the positive phase.
     * {@code rnn}: also back-propagate into the RNN (false in pre-training, whose RNN gradients are zero).
     * {@code grad} null: the cost only.
     *
     * @return the mean over real steps of F_t(v_t) - F_t(v*_t)
     */
    double costAndGradient(Parameters p, int steps, Parameters grad, boolean positiveReady, boolean rnn) {
        long n = (long) steps * b.batch;
        INDArray m = head(b.mask, n);
        INDArray ones = n == b.maxRows ? b.ones : b.ones.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n));
        double realSteps = m.sumNumber().doubleValue();
        if (realSteps == 0) {
            if (grad != null) grad.zero();
            return 0;
        }
        double inv = 1.0 / realSteps;
        if (!positiveReady) positivePhase(p, n);
        INDArray v = head(b.visible, n), vNeg = head(b.negative, n);
        INDArray bv = head(b.visibleBias, n), bh = head(b.hiddenBias, n);
        INDArray pre0 = head(b.hiddenPre0, n), prob0 = head(b.hiddenProb0, n);
        INDArray preK = head(b.hiddenPreK, n), probK = head(b.hiddenSample, n), dBh = head(b.hiddenScratch, n);
        affine(vNeg, p.get(W), false, bh, preK);
        sigmoid(preK, probK);

        // Padding rows of v are silent; masking v* as well makes every sum below run over real steps only.
        // dBv and dBh hold N * dC/dbv_t and N * dC/dbh_t; the 1/N goes into the GEMMs' alpha.
        vNeg.muliColumnVector(m);
        INDArray dBv = head(b.visibleProb, n);
        vNeg.sub(v, dBv);
        probK.sub(prob0, dBh).muliColumnVector(m);

        // Cost: (v* - v).bv_t + sum_j softplus(pre*_j) - softplus(pre0_j), over real steps.
        double visibleTerm = Nd4j.getExecutioner().exec(new Dot(dBv, bv)).getDouble(0);
        double hiddenTerm;
        if (hostLoops) {
            hiddenTerm = HostHiddenTerm.sum(pre0, prob0, preK, probK, m);
        } else {
            softplusInPlace(pre0);
            softplusInPlace(preK);
            Nd4j.gemm(m, preK, b.hiddenRow, true, false, 1.0, 0.0);
            Nd4j.gemm(m, pre0, b.hiddenRow, true, false, -1.0, 1.0);
            hiddenTerm = b.hiddenRow.sumNumber().doubleValue();
        }
        double cost = (hiddenTerm + visibleTerm) * inv;
        if (grad == null) return cost;

        // RBM gradients: dW = (v*^T s(v* W + bh_t) - v^T s(v W + bh_t)) / N, biases by column sums.
        Nd4j.gemm(v, prob0, grad.get(W), true, false, -inv, 0.0);
        Nd4j.gemm(vNeg, probK, grad.get(W), true, false, inv, 1.0);
        Nd4j.gemm(ones, dBv, grad.get(BV), false, false, inv, 0.0);
        Nd4j.gemm(ones, dBh, grad.get(BH), false, false, inv, 0.0);
        if (!rnn) {
            for (int i : new int[]{WUV, WUH, WVU, WUU, BU}) grad.get(i).assign(0);
            return cost;
        }

        // Through the conditional biases into the RNN.
        INDArray uPrev = head(b.states, n);
        Nd4j.gemm(uPrev, dBv, grad.get(WUV), true, false, inv, 0.0);
        Nd4j.gemm(uPrev, dBh, grad.get(WUH), true, false, inv, 0.0);
        INDArray direct = head(b.directGrad, n);
        Nd4j.gemm(dBv, p.get(WUV), direct, false, true, inv, 0.0);
        Nd4j.gemm(dBh, p.get(WUH), direct, false, true, inv, 1.0);

        // BPTT. direct block s is dC/du_{s+1} through step s+2's biases; dA block s is dC/da_{s+1}.
        INDArray dA = head(b.preactGrad, n);
        if (lstm != null) {
            lstm.backward(p, steps);
        } else if (host != null) {
            host.backward(direct, b.derivative, p.get(WUU), dA, steps);
        } else {
            if (steps > 1) rows(dA, 0, n - b.batch).assign(rows(direct, b.batch, n));
            b.preactGradBlock[steps - 1].assign(0);
            for (int s = steps - 2; s >= 0; s--) {
                Nd4j.gemm(b.preactGradBlock[s + 1], p.get(WUU), b.preactGradBlock[s], false, true, 1.0, 1.0);
                b.preactGradBlock[s].muli(b.derivativeBlock[s]);
            }
        }
        Nd4j.gemm(v, dA, grad.get(WVU), true, false, 1.0, 0.0);
        Nd4j.gemm(uPrev, dA, grad.get(WUU), true, false, 1.0, 0.0);
        Nd4j.gemm(ones, dA, grad.get(BU), false, false, 1.0, 0.0);
        return cost;
    }

    /** Above this, float softplus(x) = log(1 + e^x) overflows in ND4J's op; below, it is accurate. */
    private static final double SOFTPLUS_SAFE = 80;

    /**
     * x = softplus(x). ND4J's op directly when every x is below {@link #SOFTPLUS_SAFE} (the usual case: one extra
     * max pass); otherwise the stable max(x,0) + softplus(-|x|), which needs a scratch array of x's shape.
     */
    private void softplusInPlace(INDArray x) {
        if (x.maxNumber().doubleValue() < SOFTPLUS_SAFE) {
            Nd4j.getExecutioner().exec(new SoftPlus(x, x));
            return;
        }
        INDArray scratch = head(b.hiddenStable, x.rows());
        Nd4j.getExecutioner().exec(new Abs(x, scratch));
        x.addi(scratch).muli(0.5);    // relu(x) = (x + |x|) / 2
        scratch.negi();
        Nd4j.getExecutioner().exec(new SoftPlus(scratch, scratch));
        x.addi(scratch);
    }
}
