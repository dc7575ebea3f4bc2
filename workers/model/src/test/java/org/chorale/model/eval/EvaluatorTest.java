package org.chorale.model.eval;

import org.chorale.model.ModelConfig;
import org.chorale.model.RnnRbm;
import org.chorale.model.VisibleEncoding;
import org.chorale.music.PianoRoll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {
    private static final ModelConfig TINY = ModelConfig.paper().withRange(60, 7).withHidden(5).withRecurrent(4);

    /** Every parameter from N(0, std^2), so the RNN and all biases matter. */
    static RnnRbm randomModel(ModelConfig c, long seed, double std, DataType dtype) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, INDArray> m = new LinkedHashMap<>();
        RnnRbm shapes = RnnRbm.random(c, 0, DataType.DOUBLE);
        for (var e : shapes.parameters().entrySet()) {
            long[] s = e.getValue().shape();
            m.put(e.getKey(), TestRbms.gaussian(rng, (int) s[0], (int) s[1], 0, std).castTo(dtype));
        }
        return RnnRbm.of(c, m);
    }

    static PianoRoll randomRoll(ModelConfig c, long seed, int length) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] steps = new int[length][];
        for (int t = 0; t < length; t++) {
            steps[t] = new int[rng.nextInt(4)];
            for (int i = 0; i < steps[t].length; i++) steps[t][i] = c.lowestPitch() + rng.nextInt(c.pitchCount());
        }
        return PianoRoll.builder().name("r" + seed).range(c.lowestPitch(), c.pitchCount()).steps(steps).build();
    }

    /** -(1/T) sum_t log P(v_t | v_<t) from the paper's equations, written out here (tanh RNN, u_0 = 0), with each
     *  RBM's log Z summed over both layers. */
    private static double referenceNll(RnnRbm model, List<PianoRoll> pieces) {
        double[][] w = model.W().toDoubleMatrix(), wuv = model.Wuv().toDoubleMatrix(), wuh = model.Wuh().toDoubleMatrix(),
                wvu = model.Wvu().toDoubleMatrix(), wuu = model.Wuu().toDoubleMatrix();
        double[] bv = model.bv().toDoubleVector(), bh = model.bh().toDoubleVector(), bu = model.bu().toDoubleVector();
        int nv = bv.length, nh = bh.length, nu = bu.length;
        double nll = 0;
        long steps = 0;
        for (PianoRoll roll : pieces) {
            double[][] v = new VisibleEncoding(model.config()).encode(roll, DataType.DOUBLE).toDoubleMatrix();
            double[] u = new double[nu];
            for (double[] vt : v) {
                double[] bvt = bv.clone(), bht = bh.clone();
                for (int k = 0; k < nu; k++) {
                    for (int i = 0; i < nv; i++) bvt[i] += u[k] * wuv[k][i];
                    for (int j = 0; j < nh; j++) bht[j] += u[k] * wuh[k][j];
                }
                var one = new TestRbms.Stack(model.W().castTo(DataType.DOUBLE), Nd4j.create(new double[][]{bvt}), Nd4j.create(new double[][]{bht}));
                double minusF = 0;
                for (int i = 0; i < nv; i++) minusF += vt[i] * bvt[i];
                for (int j = 0; j < nh; j++) {
                    double a = bht[j];
                    for (int i = 0; i < nv; i++) a += vt[i] * w[i][j];
                    minusF += Functions.softplus(a);
                }
                nll -= minusF - TestRbms.bruteForceLogZ(one, 0);
                double[] next = bu.clone();
                for (int k = 0; k < nu; k++) {
                    for (int i = 0; i < nv; i++) next[k] += vt[i] * wvu[i][k];
                    for (int l = 0; l < nu; l++) next[k] += u[l] * wuu[l][k];
                }
                for (int k = 0; k < nu; k++) next[k] = Math.tanh(next[k]);
                u = next;
                steps++;
            }
        }
        return nll / steps;
    }

    @Test
    void exactNllMatchesThePapersEquationsSummedByBruteForce() {
        RnnRbm model = randomModel(TINY, 3, 0.7, DataType.DOUBLE);
        List<PianoRoll> pieces = List.of(randomRoll(TINY, 1, 9), randomRoll(TINY, 2, 5));
        Evaluation e = Evaluator.evaluate(model, pieces, EvalSettings.perEpoch());
        assertEquals(Evaluation.EXACT, e.logZMethod());
        assertEquals(14, e.steps());
        assertEquals(2, e.pieces());
        assertEquals(referenceNll(model, pieces), e.nllPerStep(), 1e-9);
        assertEquals(0, e.nllStandardError());
        // float32 models evaluate to the same value up to float rounding
        Evaluation f = Evaluator.evaluate(model.castTo(DataType.FLOAT), pieces, EvalSettings.perEpoch());
        assertEquals(e.nllPerStep(), f.nllPerStep(), 1e-4);
    }

    @Test
    void aisNllAgreesWithExactNll() {
        RnnRbm model = randomModel(TINY.withHidden(9), 5, 0.6, DataType.FLOAT);
        List<PianoRoll> pieces = List.of(randomRoll(TINY, 4, 30), randomRoll(TINY, 6, 12));
        EvalSettings settings = EvalSettings.perEpoch().withAis(50, 500).withMaxStepsPerBatch(7);
        Evaluation exact = Evaluator.evaluate(model, pieces, settings);
        Evaluation ais = Evaluator.evaluate(model, pieces, settings.withExactMaxUnits(0));
        assertEquals(Evaluation.AIS, ais.logZMethod());
        assertEquals(50, ais.aisRuns());
        assertEquals(exact.nllPerStep(), ais.nllPerStep(), 0.02);
        assertTrue(ais.nllStandardError() > 0 && ais.nllStandardError() < 0.02, "error bar " + ais.nllStandardError());
        // the accuracy does not depend on how log Z was found
        assertEquals(exact.frameAccuracy(), ais.frameAccuracy(), 0);
    }

    @Test
    void aZeroModelScoresTheRandomBaselineOnEveryKeyboard() {
        // all parameters zero: P(v) = 2^-nv, so the NLL is nv ln 2 per row: the paper's Random for 88 keys
        ModelConfig paper = ModelConfig.paper().withHidden(30).withRecurrent(5);
        Map<String, INDArray> zeros = new LinkedHashMap<>();
        RnnRbm.random(paper, 0, DataType.FLOAT).parameters().forEach((k, v) -> zeros.put(k, v.mul(0)));
        RnnRbm zero = RnnRbm.of(paper, zeros);
        PianoRoll piece = randomRoll(paper, 8, 20);
        Evaluation e = Evaluator.evaluate(zero, List.of(piece), EvalSettings.perEpoch().withAis(5, 20));
        assertEquals(88 * Math.log(2), e.nllPerStep(), 1e-3);
        assertEquals(BernoulliBaseline.uniform(paper).nllPerStep(List.of(piece)), e.nllPerStep(), 1e-3);
        // a fair coin per key: accuracy near the uniform baseline's expected accuracy
        assertEquals(BernoulliBaseline.uniform(paper).frameAccuracy(List.of(piece)), e.frameAccuracy(), 0.01);
    }

    @Test
    void windowedModelsAreScoredPerFrame() {
        ModelConfig windowed = TINY.withRange(60, 3).withStepsPerRbm(2).withOnsets(true).withHidden(6);
        RnnRbm model = randomModel(windowed, 9, 0.5, DataType.DOUBLE);
        PianoRoll piece = randomRoll(windowed, 3, 7); // 4 rows of 2 frames
        Evaluation e = Evaluator.evaluate(model, List.of(piece), EvalSettings.perEpoch());
        assertEquals(8, e.steps());
        var rbms = model.condition(new VisibleEncoding(windowed).encode(piece, DataType.DOUBLE));
        double[] f = FreeEnergy.of(rbms), z = PartitionFunction.exactLogZ(rbms.W(), rbms.bv(), rbms.bh());
        double rowNll = 0;
        for (int t = 0; t < 4; t++) rowNll += f[t] + z[t];
        assertEquals(rowNll / 8, e.nllPerStep(), 1e-9);
    }

    @Test
    void isReproducibleForAGivenSeed() {
        RnnRbm model = randomModel(TINY.withHidden(9), 5, 0.6, DataType.FLOAT);
        List<PianoRoll> pieces = List.of(randomRoll(TINY, 4, 20));
        EvalSettings s = EvalSettings.perEpoch().withAis(10, 50).withExactMaxUnits(0);
        Evaluation a = Evaluator.evaluate(model, pieces, s), b = Evaluator.evaluate(model, pieces, s);
        assertEquals(a.nllPerStep(), b.nllPerStep(), 0);
        assertEquals(a.frameAccuracy(), b.frameAccuracy(), 0);
        // AIS batches of 3 steps draw the same chains as one batch of 20
        assertEquals(a.nllPerStep(), Evaluator.evaluate(model, pieces, s.withMaxStepsPerBatch(3)).nllPerStep(), 1e-12);
        assertTrue(a.nllPerStep() != Evaluator.evaluate(model, pieces, s.withSeed(2)).nllPerStep(), "the seed matters");
        Evaluation mf = Evaluator.evaluate(model, pieces, s.withAccuracySamples(0));
        assertEquals(0, mf.accuracySamples());
        assertTrue(mf.frameAccuracy() >= 0 && mf.frameAccuracy() <= 1);
    }

    @Test
    void anNllBelowZeroIsFlaggedAsAnUnderestimatedLogZ() {
        Evaluation impossible = new Evaluation(-0.8, 0.01, 0.58, 100, 3, Evaluation.AIS, 5, 100, 10, 1.0);
        Evaluation fine = new Evaluation(2.4, 0.01, 0.58, 100, 3, Evaluation.AIS, 5, 100, 10, 1.0);
        assertTrue(impossible.logZUnderestimated() && impossible.toString().contains("raise K and M"), impossible.toString());
        assertTrue(!fine.logZUnderestimated() && !fine.toString().contains("raise K"), fine.toString());
    }
}
