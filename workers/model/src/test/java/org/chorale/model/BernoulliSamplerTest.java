package org.chorale.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.junit.jupiter.api.Assertions.*;

/** The chain's sampler draws exactly Bernoulli(s(x)), in place in row views, like ND4J's own ops. */
class BernoulliSamplerTest {
    // Logits across the range, including values inside the tabulated bins' edges and far tails.
    private static final double[] LOGITS = {-9, -4, -2.5, -1, -0.3, 0, 0.001, 0.7, 1.5, 3, 5.5, 12};
    private static final int COLUMNS = 500, DRAWS = 200;

    enum Path { HOST, ND4J }

    @ParameterizedTest
    @EnumSource(Path.class)
    void logitSamplesFireAtTheSigmoidRateInFloatAndDouble(Path path) {
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            // Rows 2..(2 + LOGITS.length) of bigger matrices: the sampler must respect the views' offsets.
            int rows = LOGITS.length + 4;
            INDArray pre = Nd4j.zeros(type, rows, COLUMNS), bias = Nd4j.zeros(type, rows, COLUMNS);
            INDArray out = Nd4j.valueArrayOf(new long[]{rows, COLUMNS}, 7.0, type);
            for (int r = 0; r < LOGITS.length; r++) {
                // Split each logit between pre-activation and bias differently per row.
                pre.getRow(r + 2).assign(LOGITS[r] - r * 0.25);
                bias.getRow(r + 2).assign(r * 0.25);
            }
            INDArray preView = MinibatchBuffers.rows(pre, 2, 2 + LOGITS.length);
            INDArray biasView = MinibatchBuffers.rows(bias, 2, 2 + LOGITS.length);
            INDArray outView = MinibatchBuffers.rows(out, 2, 2 + LOGITS.length);
            double[] fired = new double[LOGITS.length];
            try (BernoulliSampler sampler = new BernoulliSampler(17, path == Path.HOST)) {
                for (int d = 0; d < DRAWS; d++) {
                    sampler.sampleLogits(preView, biasView, outView);
                    for (int r = 0; r < LOGITS.length; r++) fired[r] += outView.getRow(r).sumNumber().doubleValue();
                    assertEquals(outView.length(), outView.eq(0).castTo(DataType.INT32).sumNumber().intValue()
                            + outView.eq(1).castTo(DataType.INT32).sumNumber().intValue(), "only 0 and 1");
                }
            }
            for (int r = 0; r < LOGITS.length; r++) {
                double p = 1 / (1 + Math.exp(-LOGITS[r])), n = (double) COLUMNS * DRAWS;
                double sd = Math.sqrt(n * p * (1 - p));
                assertEquals(n * p, fired[r], Math.max(5 * sd, 2.5), type + " logit " + LOGITS[r]);
            }
            assertEquals(7.0, out.getRow(0).meanNumber().doubleValue(), 0, "rows outside the view untouched");
            assertEquals(7.0, out.getRow(rows - 1).meanNumber().doubleValue(), 0, "rows outside the view untouched");
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void knownLogitsFireAtTheSigmoidRate(Path path) {
        double[] logits = {-30, -4, -0.5, 0, 0.8, 3, 30};
        INDArray pre = Nd4j.zeros(DataType.FLOAT, logits.length, 4000);
        for (int r = 0; r < logits.length; r++) pre.getRow(r).assign(logits[r]);
        INDArray prob = Transforms.sigmoid(pre, true), out = pre.like();
        try (BernoulliSampler sampler = new BernoulliSampler(5, path == Path.HOST)) {
            sampler.sampleKnownLogits(pre, prob, out);
        }
        for (int r = 0; r < logits.length; r++) {
            double n = 4000, p = 1 / (1 + Math.exp(-logits[r])), fired = out.getRow(r).sumNumber().doubleValue();
            double sd = Math.sqrt(n * p * (1 - p));
            assertEquals(n * p, fired, Math.max(5 * sd, 0.5), "logit " + logits[r]);
        }
    }

    /** On the host, known logits are sampled as logits with a zero bias: the same draws from the same seed. */
    @ParameterizedTest
    @ValueSource(longs = {2, 77})
    void knownLogitsOnTheHostDrawAsLogitsWithoutBias(long seed) {
        INDArray pre = Nd4j.rand(DataType.FLOAT, 37, 41).subi(0.5).muli(8);
        INDArray a = pre.like(), b = pre.like();
        try (BernoulliSampler one = new BernoulliSampler(seed, true); BernoulliSampler two = new BernoulliSampler(seed, true)) {
            for (int draw = 0; draw < 3; draw++) {
                one.sampleKnownLogits(pre, Transforms.sigmoid(pre, true), a);
                two.sampleLogits(pre, pre.like(), b);
                assertEquals(b, a, "draw " + draw);
            }
        }
    }

    /**
     * The float path decides by the tabulated logit bounds, the double path by computing s(x); from the same random
     * bits they must draw the same samples, element for element, also for logits on the bins' edges.
     */
    @ParameterizedTest
    @ValueSource(longs = {3, 99})
    void theTabulatedFloatPathDecidesExactlyAsTheSigmoidDoes(long seed) {
        int bins = 4096, columns = 1000, rows = 60;
        float[] logits = new float[rows * columns];
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = 0; i < logits.length; i++) {
            int j = 1 + i % (bins - 1);
            double edge = Math.log((double) j / bins / (1 - (double) j / bins));
            logits[i] = switch (i % 4) {
                case 0 -> (float) edge; // a bin edge, rounded to float
                case 1 -> Math.nextUp((float) edge);
                case 2 -> Math.nextDown((float) edge);
                default -> (float) (random.nextDouble() * 30 - 15);
            };
        }
        INDArray x32 = Nd4j.create(logits, new long[]{rows, columns}, DataType.FLOAT);
        INDArray x64 = x32.castTo(DataType.DOUBLE);
        INDArray out32 = x32.like(), out64 = x64.like();
        try (BernoulliSampler f = new BernoulliSampler(seed, true); BernoulliSampler d = new BernoulliSampler(seed, true)) {
            for (int draw = 0; draw < 20; draw++) {
                f.sampleLogits(x32, x32.like(), out32);
                d.sampleLogits(x64, x64.like(), out64);
                assertEquals(out64, out32.castTo(DataType.DOUBLE), "draw " + draw);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42})
    void theSameSeedDrawsTheSameSamples(long seed) {
        INDArray pre = Nd4j.rand(DataType.FLOAT, 30, 40).subi(0.5).muli(6), bias = pre.like();
        INDArray a = pre.like(), b = pre.like();
        try (BernoulliSampler one = new BernoulliSampler(seed, true); BernoulliSampler two = new BernoulliSampler(seed, true)) {
            one.sampleLogits(pre, bias, a);
            two.sampleLogits(pre, bias, b);
        }
        assertEquals(a, b);
        try (BernoulliSampler other = new BernoulliSampler(seed + 1, true)) {
            other.sampleLogits(pre, bias, b);
        }
        assertNotEquals(a, b, "another seed, other samples");
    }
}
