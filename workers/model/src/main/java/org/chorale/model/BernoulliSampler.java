package org.chorale.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * The Gibbs chain's unit sampler: h ~ Bernoulli(s(x)) for every element of a pre-activation x, in one pass.
 *
 * <p>Why not ND4J's ops: a chain step as {@code assign(bias)}, {@code Sigmoid}, {@code BernoulliDistribution} is
 * four passes and an {@code exp} per unit, ~8 ns per element on one core, about as long as the step's GEMM; and
 * ND4J runs them on one OpenMP thread here (more spin against other processes on a shared machine). The chain never
 * needs s(x) itself, only the sample, and
 * {@code u < s(x)  <=>  x > logit(u)}: with a uniform u from 32 random bits, the top 12 bits pick one of 4096 bins
 * whose logit bounds are tabulated (rounded outwards), so x decides the sample by comparisons unless it falls inside
 * u's own bin (probability ~1/4096), where s(x) is computed exactly. The samples are exactly Bernoulli(s(x)) for u on
 * a 2^-32 grid, as with a float uniform. Measured 3-4 ns per element on two cores, copies included (noisy machine;
 * 4.2-4.4 before the bin tests were read from sign bits, see {@link #fires}), against ~8 ns for {@code Math.exp} alone.
 * Random bits: SplitMix64, two units per 64-bit draw, seeded per epoch; counter-based, so blocks of units are drawn
 * on all cores (the common fork-join pool) with the same samples as on one.
 *
 * <p>On the CPU backend the arrays live in host memory: they are bulk-copied into heap arrays, sampled, and copied
 * back (per-element NIO access measured ~3x slower). On any other backend (CUDA) the sampler falls back to the ND4J
 * ops, with the same distribution but another random stream.
 */
final class BernoulliSampler implements AutoCloseable {
    private static final int BIN_BITS = 12;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;
    /** [2j] <= logit(j / 4096) and [2j + 1] >= logit((j + 1) / 4096), side by side for one cache line. */
    private static final float[] BOUNDS = new float[2 << BIN_BITS];

    static {
        int bins = 1 << BIN_BITS;
        for (int j = 0; j < bins; j++) {
            double lo = j == 0 ? Double.NEGATIVE_INFINITY : logit((double) j / bins);
            double hi = j == bins - 1 ? Double.POSITIVE_INFINITY : logit((double) (j + 1) / bins);
            float l = (float) lo, h = (float) hi;
            BOUNDS[2 * j] = l > lo ? Math.nextDown(l) : l;
            BOUNDS[2 * j + 1] = h < hi ? Math.nextUp(h) : h;
        }
    }

    private final boolean hostMemory;
    private final long seed;
    private Random nd4j; // created on first use off the CPU
    private long state;
    private final double[][] doubleScratch = {new double[0], new double[0]};

    BernoulliSampler(long seed) {
        this(seed, hostSampling());
    }

    /**
     * Whether the chain samples on the host: on the CPU backend with two or more cores, unless
     * {@code -Dchorale.sampler=nd4j} or {@code -Dchorale.hostLoops=false} (all of training's host loops off). On one
     * core ND4J's vectorised ops were measured faster than this scalar loop (86 vs 75 ms per paper-shaped
     * minibatch); on two, the loop on both cores beat them (69 vs 75 ms, best of 60).
     */
    static boolean hostSampling() {
        return HostArrays.hostLoops() && !"nd4j".equals(System.getProperty("chorale.sampler"));
    }

    /** {@code hostMemory} false forces the ND4J ops (tests compare the two). */
    BernoulliSampler(long seed, boolean hostMemory) {
        this.seed = seed;
        this.state = seed;
        this.hostMemory = hostMemory;
    }

    /** out = 1 with probability s(pre + bias), else 0; all three c-ordered with the same shape. */
    void sampleLogits(INDArray pre, INDArray bias, INDArray out) {
        if (!hostMemory) {
            out.assign(pre).addi(bias);
            Nd4j.getExecutioner().exec(new Sigmoid(out, out));
            sampleProbabilitiesNd4j(out, out);
            return;
        }
        sampleLogitsOnHost(pre, bias, out);
    }

    /**
     * out = 1 with probability s(logits) = prob, where the caller has both (the positive phase computes s(.) for
     * the gradient anyway). On the host the logits decide, by the comparisons of {@link #fires} (measured 2.0 ms per
     * [1600 x 150] comparing uniforms with the probabilities, 0.7-0.85 ms this way); with ND4J's ops, the
     * probabilities.
     */
    void sampleKnownLogits(INDArray logits, INDArray prob, INDArray out) {
        if (!hostMemory) sampleProbabilitiesNd4j(prob, out);
        else sampleLogitsOnHost(logits, null, out);
    }

    /** out = 1 with probability s(pre + bias); no bias when {@code bias} is null. */
    private void sampleLogitsOnHost(INDArray pre, INDArray bias, INDArray out) {
        int n = length(pre, bias == null ? pre : bias, out);
        long base = advance((n + 1) / 2);
        if (pre.dataType() == DataType.FLOAT) {
            FloatBuffer xs = pre.data().asNioFloat(), os = out.data().asNioFloat();
            FloatBuffer cs = bias == null ? null : bias.data().asNioFloat();
            int xo = HostArrays.offset(pre, xs), co = bias == null ? 0 : HostArrays.offset(bias, cs);
            int oo = HostArrays.offset(out, os);
            HostArrays.inBlocks(n, (from, to) -> {
                float[][] scratch = HostArrays.blockScratch();
                float[] x = scratch[0], c = scratch[1];
                int len = to - from;
                xs.get(xo + from, x, 0, len);
                if (cs != null) {
                    cs.get(co + from, c, 0, len);
                    for (int i = 0; i < len; i++) x[i] += c[i];
                }
                long z = base + (long) (from / 2) * GOLDEN; // pair p of this call draws mix(base + (p + 1) GOLDEN)
                for (int i = 0; i < len; i += 2) {
                    long r = mix(z += GOLDEN);
                    x[i] = fires(x[i], (int) (r >>> 32));
                    if (i + 1 < len) x[i + 1] = fires(x[i + 1], (int) r);
                }
                os.put(oo + from, x, 0, len);
            });
        } else {
            double[] x = doubleScratch(0, n), c = doubleScratch(1, n);
            doubles(pre, x, n);
            if (bias != null) doubles(bias, c, n);
            else java.util.Arrays.fill(c, 0, n, 0.0);
            for (int i = 0; i < n; i++)
                x[i] = uniform(mix(base + (i / 2 + 1) * GOLDEN) >>> (i % 2 == 0 ? 32 : 0)) < sigmoid(x[i] + c[i]) ? 1.0 : 0.0;
            DoubleBuffer o = out.data().asNioDouble();
            o.put(HostArrays.offset(out, o), x, 0, n);
        }
    }

    /** Reserves {@code draws} counter values of the SplitMix64 stream and returns the base to count from. */
    private long advance(long draws) {
        long base = state;
        state += draws * GOLDEN;
        return base;
    }

    /**
     * One Bernoulli(s(x)) draw from 32 random bits: u < s(x) iff x > logit(u). Both bin tests are read from the sign
     * bits of (bound - x) (exact: a float difference is negative iff x is greater, +0 when equal), so the only branch
     * is the rare one into u's own bin. Written as float comparisons, C2 compiled {@code x > lo & x <= hi} to
     * branches as unpredictable as the sample itself: 6-8 ns per element against 4-5 this way (one core).
     */
    private static float fires(float x, int r) {
        int j = (r >>> (32 - BIN_BITS)) << 1;
        int belowLo = Float.floatToRawIntBits(BOUNDS[j] - x), belowHi = Float.floatToRawIntBits(BOUNDS[j + 1] - x);
        if ((belowLo & ~belowHi) < 0) return uniform(r) < sigmoid(x) ? 1f : 0f; // lo < x <= hi
        return Float.intBitsToFloat((belowHi >> 31) & 0x3f800000); // x > hi ? 1f : 0f
    }

    /** The uniform on the 2^-32 grid in (0, 1) that 32 random bits stand for. */
    private static double uniform(long r) {
        return ((r & 0xffffffffL) + 0.5) * 0x1p-32;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double logit(double u) {
        return Math.log(u / (1 - u));
    }

    /** SplitMix64's output function. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private void sampleProbabilitiesNd4j(INDArray prob, INDArray out) {
        if (nd4j == null) nd4j = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        Nd4j.getExecutioner().exec(new BernoulliDistribution(out, prob), nd4j);
    }

    private static int length(INDArray a, INDArray b, INDArray out) {
        for (INDArray x : new INDArray[]{a, b, out}) {
            if (x.length() != out.length() || x.dataType() != out.dataType())
                throw new IllegalArgumentException("shapes or types differ: " + a.shapeInfoToString() + ", "
                        + b.shapeInfoToString() + ", " + out.shapeInfoToString());
            HostArrays.contiguousLength(x);
        }
        return (int) out.length();
    }

    private double[] doubleScratch(int which, int n) {
        if (doubleScratch[which].length < n) doubleScratch[which] = new double[n];
        return doubleScratch[which];
    }

    private static void doubles(INDArray a, double[] into, int n) {
        DoubleBuffer view = a.data().asNioDouble();
        view.get(HostArrays.offset(a, view), into, 0, n);
    }

    @Override public void close() {
        if (nd4j == null) return;
        try {
            nd4j.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not release an ND4J random generator", e);
        }
    }
}
