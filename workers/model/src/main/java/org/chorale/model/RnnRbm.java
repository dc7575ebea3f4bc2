package org.chorale.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An immutable RNN-RBM (Boulanger-Lewandowski, Bengio & Vincent, ICML 2012): its parameters under the paper's
 * names, the config that shapes them, and the provenance that says how it was made.
 *
 * <pre>
 *   W   [nv x nh]  RBM weights, shared by every time step
 *   bv  [1 x nv]   visible bias template        bh  [1 x nh]  hidden bias template
 *   Wuv [nu x nv]  RNN state u_{t-1} -> visible bias of RBM_t
 *   Wuh [nu x nh]  RNN state u_{t-1} -> hidden bias of RBM_t
 *   Wvu [nv x nu]  visible v_t -> RNN            Wuu [nu x nu] RNN recurrence      bu [1 x nu] RNN bias
 *
 *   bv_t = bv + u_{t-1} Wuv                      (eq. 9 of the paper)
 *   bh_t = bh + u_{t-1} Wuh                      (eq. 10)
 *   u_t  = tanh(bu + v_t Wvu + u_{t-1} Wuu)      (eq. 11; sigmoid when the config says so), u_0 = 0
 *   RBM_t: E(v, h) = -v.bv_t - h.bh_t - v W h^T,  P(h_j=1|v) = s(bh_t,j + (vW)_j),  P(v_i=1|h) = s(bv_t,i + (hW^T)_i)
 *   free energy F_t(v) = -v.bv_t - sum_j softplus(bh_t,j + (vW)_j)
 * </pre>
 * Rows are time steps (row vectors), so every product reads left to right as written above. Training lives in
 * {@link TrainingSession}, sampling in {@link Sampler}. Accessors return copies, so no caller can change a model.
 */
public final class RnnRbm {
    private final ModelConfig config;
    private final Parameters params;
    private final Provenance provenance;

    private RnnRbm(ModelConfig config, Parameters params, Provenance provenance) {
        this.config = config;
        this.params = params;
        this.provenance = Objects.requireNonNull(provenance);
    }

    /** Weights drawn from N(0, weightInitStd^2) (W, Wuv, Wuh, Wvu, Wuu, in that order, from one seeded stream),
     *  biases zero: the paper's small initialisation, not the reference code's std-1 fault. An LSTM's forget gates
     *  start at bias 1 (remember by default), the usual choice. */
    public static RnnRbm random(ModelConfig config, long seed, DataType dtype) {
        config.validate();
        SplittableRandom rng = new SplittableRandom(seed);
        Parameters p = Parameters.zeros(config, dtype);
        for (int i : new int[]{Parameters.W, Parameters.WUV, Parameters.WUH, Parameters.WVU, Parameters.WUU}) {
            long[] s = Parameters.shape(i, config);
            double[] data = new double[Math.toIntExact(s[0] * s[1])];
            for (int k = 0; k < data.length; k++) data[k] = gaussian(rng) * config.weightInitStd();
            p.arrays[i] = Nd4j.create(data, s, dtype);
        }
        if (config.lstmRecurrence()) {
            int nu = config.recurrent();
            p.get(Parameters.BU).get(NDArrayIndex.all(), NDArrayIndex.interval(nu, 2 * nu)).assign(1);
        }
        return new RnnRbm(config, p, Provenance.ofSeed(seed));
    }

    /** A model with the given parameters (copied; names as {@link #parameterNames()}, shapes as the config). The
     *  dtype is the one of W. */
    public static RnnRbm of(ModelConfig config, Map<String, INDArray> parameters) {
        return of(config, parameters, Provenance.ofSeed(0));
    }

    public static RnnRbm of(ModelConfig config, Map<String, INDArray> parameters, Provenance provenance) {
        config.validate();
        INDArray w = parameters.get("W");
        if (w == null) throw new IllegalArgumentException("parameter W is missing");
        return new RnnRbm(config, Parameters.fromMap(config, parameters, w.dataType()), provenance);
    }

    /** Wraps trainer-owned parameters without copying: the caller hands them over. */
    static RnnRbm wrap(ModelConfig config, Parameters params, Provenance provenance) {
        return new RnnRbm(config, params, provenance);
    }

    /** The eight parameter names in paper order: W, bv, bh, Wuv, Wuh, Wvu, Wuu, bu. */
    public static java.util.List<String> parameterNames() { return Parameters.NAMES; }

    public ModelConfig config() { return config; }
    public Provenance provenance() { return provenance; }
    public DataType dataType() { return params.dataType(); }

    public RnnRbm withProvenance(Provenance p) { return new RnnRbm(config, params, p); }

    /** The same model in another precision. */
    public RnnRbm castTo(DataType dtype) {
        return dtype == dataType() ? this : new RnnRbm(config, params.castTo(dtype), provenance);
    }

    /** Copies of all parameters by name, in paper order. */
    public Map<String, INDArray> parameters() { return params.toMap(); }

    public INDArray W() { return params.get(Parameters.W).dup(); }
    public INDArray bv() { return params.get(Parameters.BV).dup(); }
    public INDArray bh() { return params.get(Parameters.BH).dup(); }
    public INDArray Wuv() { return params.get(Parameters.WUV).dup(); }
    public INDArray Wuh() { return params.get(Parameters.WUH).dup(); }
    public INDArray Wvu() { return params.get(Parameters.WVU).dup(); }
    public INDArray Wuu() { return params.get(Parameters.WUU).dup(); }
    public INDArray bu() { return params.get(Parameters.BU).dup(); }

    /** The live parameters, for this package's trainer and sampler (must not be modified). */
    Parameters params() { return params; }

    /**
     * Runs the RNN over the visible rows v [T x nv] (u_0 = 0) and returns each step's conditional RBM:
     * bv_t = bv + u_{t-1} Wuv, bh_t = bh + u_{t-1} Wuh for t = 1..T (row t-1). Uses u_{t-1}, never u_t.
     */
    public ConditionalRbms condition(INDArray visible) {
        INDArray uPrev = previousStates(visible);
        INDArray bvT = uPrev.mmul(params.get(Parameters.WUV)).addiRowVector(params.get(Parameters.BV));
        INDArray bhT = uPrev.mmul(params.get(Parameters.WUH)).addiRowVector(params.get(Parameters.BH));
        return new ConditionalRbms(W(), bvT, bhT, visible.castTo(dataType()));
    }

    /** The RNN states u_0..u_{T-1} [T x nu] that condition steps 1..T (row t-1 holds u_{t-1}; row 0 is zero). */
    public INDArray previousStates(INDArray visible) {
        int nv = config.visibleSize(), nu = config.recurrent();
        if (visible.rank() != 2 || visible.columns() != nv)
            throw new IllegalArgumentException("visible rows must be [T x " + nv + "], got "
                    + java.util.Arrays.toString(visible.shape()));
        int steps = visible.rows();
        if (steps == 0) return Nd4j.zeros(dataType(), 0, nu);
        // Input drive for all steps in one GEMM; only the recurrence is sequential, in plain Java (ND4J costs
        // ~10-30 us per tiny op, a [1 x nu].[nu x nu] product in a Java loop a few us).
        INDArray drive = visible.castTo(dataType()).mmul(params.get(Parameters.WVU)).addiRowVector(params.get(Parameters.BU));
        double[] a = Arrays2.toRowMajor(drive);
        double[] prev = new double[steps * nu];
        RnnCell cell = new RnnCell(config, Arrays2.toRowMajor(params.get(Parameters.WUU)));
        // Row r holds u_r, the state after visible row r-1, from the drive of row r-1 and u_{r-1} (row r-1).
        int width = config.recurrentInputs();
        for (int r = 1; r < steps; r++) cell.step(a, (r - 1) * width, prev, (r - 1) * nu, prev, r * nu);
        return Arrays2.matrix(prev, steps, nu, dataType());
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller on a SplittableRandom: reproducible everywhere, no global RNG.
        double u1 = 1.0 - rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override public String toString() {
        return "RnnRbm[nv=" + config.visibleSize() + ", nh=" + config.hidden() + ", nu=" + config.recurrent() + ", "
                + config.recurrence() + ", " + dataType() + ", model=" + provenance.modelId() + ", epoch="
                + provenance.epoch() + "]";
    }
}
