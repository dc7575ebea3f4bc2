package org.chorale.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The training gradient against finite differences of the cost, in double precision, with v* held fixed. */
class CdBpttStepTest {
    private static final int T = 5, B = 2;
    private static final int[] LENGTHS = {5, 3}; // chunk 1 is padded for its last two steps

    static Stream<ModelConfig> configs() {
        // Small enough that checking every element stays quick: nv 6, nh 5, nu 4; windowed: 2 frames x 2 pitches x
        // (play, onset) = nv 8, nh 4, nu 3.
        return Stream.of(TestModels.tiny(), TestModels.tiny().withRecurrence("sigmoid"),
                TestModels.tinyWindowed().withPitchCount(2).withHidden(4).withRecurrent(3),
                TestModels.tiny().withRecurrence("lstm"));
    }

    /** Buffers holding random data for LENGTHS, with the model's forward pass and a CD-3 chain already run. */
    private static MinibatchBuffers prepared(ModelConfig c, Parameters p, CdBpttStep[] stepOut) throws Exception {
        MinibatchBuffers b = new MinibatchBuffers(c, T, B, DataType.DOUBLE);
        INDArray v = TestModels.randomBits(7, T * B, c.visibleSize(), DataType.DOUBLE);
        double[] mask = new double[T * B];
        for (int t = 0; t < T; t++)
            for (int k = 0; k < B; k++) {
                boolean real = t < LENGTHS[k];
                mask[t * B + k] = real ? 1 : 0;
                if (!real) v.getRow(t * B + k).assign(0);
            }
        b.visible.assign(v);
        b.mask.assign(Nd4j.create(mask, new long[]{T * B, 1}, DataType.DOUBLE));
        CdBpttStep step = new CdBpttStep(c, b);
        step.forward(p, T);
        try (BernoulliSampler rng = new BernoulliSampler(11)) {
            step.sampleNegatives(p, T, 3, rng);
        }
        stepOut[0] = step;
        return b;
    }

    @ParameterizedTest
    @MethodSource("configs")
    void analyticGradientMatchesCentralDifferences(ModelConfig c) throws Exception {
        Parameters p = TestModels.randomModel(c, 3, 0.5, DataType.DOUBLE).params().copy();
        CdBpttStep[] holder = new CdBpttStep[1];
        MinibatchBuffers b = prepared(c, p, holder);
        CdBpttStep step = holder[0];
        INDArray vStar = b.negative.dup();
        Parameters grad = Parameters.zeros(c, DataType.DOUBLE);
        double cost = step.costAndGradient(p, T, grad, true, true);
        Parameters scratch = Parameters.zeros(c, DataType.DOUBLE);
        assertEquals(cost, costWithFixedNegatives(step, b, p, vStar, scratch), 1e-12,
                "the cost must not depend on whether the positive phase came from the chain");

        double eps = 1e-5;
        for (int i = 0; i < Parameters.NAMES.size(); i++) {
            INDArray param = p.get(i), analytic = grad.get(i);
            double diff2 = 0, norm2 = 0;
            for (long e = 0; e < param.length(); e++) {
                double original = param.getDouble(e);
                param.putScalar(e, original + eps);
                double up = costOnly(step, b, p, vStar);
                param.putScalar(e, original - eps);
                double down = costOnly(step, b, p, vStar);
                param.putScalar(e, original);
                double numeric = (up - down) / (2 * eps);
                double a = analytic.getDouble(e);
                diff2 += (a - numeric) * (a - numeric);
                norm2 += a * a + numeric * numeric;
                assertEquals(numeric, a, 1e-7 + 1e-6 * Math.abs(numeric),
                        Parameters.NAMES.get(i) + "[" + e + "] with " + c.recurrence());
            }
            String name = Parameters.NAMES.get(i);
            assertTrue(Math.sqrt(norm2) > 1e-4, name + " gradient is (near) zero, so the check would prove nothing");
            double relative = Math.sqrt(diff2) / Math.sqrt(norm2);
            assertTrue(relative < 1e-6, name + " relative error " + relative);
        }
    }

    private static double costWithFixedNegatives(CdBpttStep step, MinibatchBuffers b, Parameters p, INDArray vStar,
                                                 Parameters scratch) {
        step.forward(p, T);
        b.negative.assign(vStar);
        return step.costAndGradient(p, T, scratch, false, true);
    }

    private static double costOnly(CdBpttStep step, MinibatchBuffers b, Parameters p, INDArray vStar) {
        step.forward(p, T);
        b.negative.assign(vStar);
        return step.costAndGradient(p, T, null, false, true);
    }

    @Test
    void paddedStepsChangeNeitherCostNorGradient() throws Exception {
        ModelConfig c = TestModels.tiny();
        Parameters p = TestModels.randomModel(c, 5, 0.5, DataType.DOUBLE).params().copy();
        CdBpttStep[] holder = new CdBpttStep[1];
        MinibatchBuffers b = prepared(c, p, holder);
        INDArray vStar = b.negative.dup();
        Parameters g1 = Parameters.zeros(c, DataType.DOUBLE), g2 = Parameters.zeros(c, DataType.DOUBLE);
        double c1 = costWithFixedNegatives(holder[0], b, p, vStar, g1);

        INDArray garbage = vStar.dup();
        for (int t = LENGTHS[1]; t < T; t++) garbage.getRow(t * B + 1).assign(1); // padded rows of chunk 1
        double c2 = costWithFixedNegatives(holder[0], b, p, garbage, g2);
        assertEquals(c1, c2, 1e-14);
        for (int i = 0; i < g1.arrays.length; i++)
            assertTrue(g1.get(i).equalsWithEps(g2.get(i), 1e-14), Parameters.NAMES.get(i));
        assertNotEquals(0.0, garbage.sub(vStar).norm1Number().doubleValue(), "the padded negatives did change");
    }

    @Test
    void trainingCostIsTheMeanFreeEnergyDifferenceOfTheConditionalRbms() throws Exception {
        assertCostIsMeanFreeEnergyDifference(TestModels.randomModel(TestModels.tiny(), 9, 0.5, DataType.DOUBLE), 1e-12);
    }

    @Test
    void lstmTrainingPathConditionsLikeTheSequentialPath() throws Exception {
        // Training's batched LSTM (LstmSteps, ND4J) against RnnRbm.condition (RnnCell, plain Java): same u_{t-1},
        // same biases, same cost.
        assertCostIsMeanFreeEnergyDifference(
                TestModels.randomModel(TestModels.tiny().withRecurrence("lstm"), 9, 0.5, DataType.DOUBLE), 1e-12);
    }

    @Test
    void costStaysFiniteAndExactWhenHiddenPreActivationsAreHuge() throws Exception {
        // float softplus(x) = log(1 + e^x) overflows past ~88; the cost must take the stable path there.
        ModelConfig c = TestModels.tiny();
        java.util.Map<String, INDArray> p = TestModels.randomModel(c, 9, 0.5, DataType.FLOAT).parameters();
        p.put("bh", Nd4j.valueArrayOf(new long[]{1, c.hidden()}, 120.0, DataType.FLOAT));
        assertCostIsMeanFreeEnergyDifference(RnnRbm.of(c, p), 1e-3);
    }

    private static void assertCostIsMeanFreeEnergyDifference(RnnRbm model, double tolerance) throws Exception {
        // The batched ND4J forward pass of training against RnnRbm.condition (plain Java recurrence) and the direct
        // free energy formula: same u_{t-1}, same biases, same cost.
        ModelConfig c = model.config();
        DataType dtype = model.dataType();
        Parameters p = model.params();
        MinibatchBuffers b = new MinibatchBuffers(c, T, 1, dtype);
        INDArray v = TestModels.randomBits(4, T, c.visibleSize(), dtype);
        b.visible.assign(v);
        b.mask.assign(1);
        CdBpttStep step = new CdBpttStep(c, b);
        step.forward(p, T);
        try (BernoulliSampler rng = new BernoulliSampler(2)) {
            step.sampleNegatives(p, T, 2, rng);
        }
        INDArray vStar = b.negative.dup();
        double cost = step.costAndGradient(p, T, Parameters.zeros(c, dtype), true, true);

        ConditionalRbms rbms = model.castTo(DataType.DOUBLE).condition(v);
        assertTrue(rbms.bv().equalsWithEps(b.visibleBias.castTo(DataType.DOUBLE), tolerance), "bv_t agree");
        assertTrue(rbms.bh().equalsWithEps(b.hiddenBias.castTo(DataType.DOUBLE), tolerance), "bh_t agree");
        double[] fData = rbms.freeEnergy(v), fNeg = rbms.freeEnergy(vStar);
        double expected = 0;
        for (int t = 0; t < T; t++) expected += (fData[t] - fNeg[t]) / T;
        assertTrue(Double.isFinite(cost), "cost " + cost);
        assertEquals(expected, cost, tolerance * Math.max(1, Math.abs(expected)));
    }
}
