package org.chorale.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RnnRbmTest {
    @Test
    void freeEnergyMatchesTheSumOverHiddenConfigurations() {
        ModelConfig c = TestModels.tiny();
        RnnRbm model = TestModels.randomModel(c, 1, 0.7, DataType.DOUBLE);
        INDArray v = TestModels.randomBits(2, 4, c.visibleSize(), DataType.DOUBLE);
        ConditionalRbms rbms = model.condition(v);
        double[] f = rbms.freeEnergy(v);
        int nv = c.visibleSize(), nh = c.hidden();
        for (int t = 0; t < 4; t++) {
            // F(v) = -log sum_h exp(-E(v,h)), E(v,h) = -v.bv_t - h.bh_t - v W h^T, over all 2^nh h.
            double sum = 0;
            for (int mask = 0; mask < 1 << nh; mask++) {
                double negE = 0;
                for (int i = 0; i < nv; i++) negE += v.getDouble(t, i) * rbms.bv().getDouble(t, i);
                for (int j = 0; j < nh; j++) {
                    if ((mask >> j & 1) == 0) continue;
                    negE += rbms.bh().getDouble(t, j);
                    for (int i = 0; i < nv; i++) negE += v.getDouble(t, i) * rbms.W().getDouble(i, j);
                }
                sum += Math.exp(negE);
            }
            assertEquals(-Math.log(sum), f[t], 1e-10, "step " + (t + 1));
        }
    }

    @Test
    void stepTBiasesComeFromTheStateBeforeVt() {
        ModelConfig c = TestModels.tiny();
        RnnRbm model = TestModels.randomModel(c, 3, 0.5, DataType.DOUBLE);
        INDArray v = TestModels.randomBits(5, 6, c.visibleSize(), DataType.DOUBLE);
        ConditionalRbms a = model.condition(v);
        assertTrue(a.bv().getRow(0).equalsWithEps(model.bv().reshape(-1), 0), "u_0 = 0: step 1 uses the templates");
        assertTrue(a.bh().getRow(0).equalsWithEps(model.bh().reshape(-1), 0));
        INDArray changed = v.dup();
        changed.getRow(3).rsubi(1); // flip every unit of v_4
        ConditionalRbms b = model.condition(changed);
        for (int t = 0; t <= 3; t++) {
            assertTrue(a.bv().getRow(t).equalsWithEps(b.bv().getRow(t), 0), "bv_" + (t + 1) + " cannot see v_4");
            assertTrue(a.bh().getRow(t).equalsWithEps(b.bh().getRow(t), 0));
        }
        assertFalse(a.bv().getRow(4).equalsWithEps(b.bv().getRow(4), 1e-9), "bv_5 depends on v_4 through u_4");
    }

    @Test
    void recurrenceFollowsThePaperEquation() {
        ModelConfig c = TestModels.tiny().withRecurrence("sigmoid");
        RnnRbm model = TestModels.randomModel(c, 8, 0.5, DataType.DOUBLE);
        INDArray v = TestModels.randomBits(1, 3, c.visibleSize(), DataType.DOUBLE);
        INDArray u = model.previousStates(v);
        INDArray u1 = sigmoid(v.getRow(0, true).mmul(model.Wvu()).add(model.bu()));
        INDArray u2 = sigmoid(v.getRow(1, true).mmul(model.Wvu()).add(model.bu()).add(u1.mmul(model.Wuu())));
        assertEquals(0, u.getRow(0).norm1Number().doubleValue());
        assertTrue(u.getRow(1, true).equalsWithEps(u1, 1e-12));
        assertTrue(u.getRow(2, true).equalsWithEps(u2, 1e-12));
    }

    private static INDArray sigmoid(INDArray a) {
        return org.nd4j.linalg.ops.transforms.Transforms.sigmoid(a, true);
    }

    @Test
    void accessorsReturnCopiesSoTheModelStaysImmutable() {
        RnnRbm model = RnnRbm.random(TestModels.tiny(), 4, DataType.FLOAT);
        double before = model.W().getDouble(0, 0);
        model.W().putScalar(0, 0, 123.0);
        model.parameters().get("W").putScalar(0, 0, 123.0);
        assertEquals(before, model.W().getDouble(0, 0));
    }

    @Test
    void randomInitialisationIsSmallSeededAndInEitherPrecision() {
        ModelConfig c = ModelConfig.paper();
        RnnRbm f = RnnRbm.random(c, 42, DataType.FLOAT), d = RnnRbm.random(c, 42, DataType.DOUBLE);
        assertEquals(DataType.FLOAT, f.W().dataType());
        assertEquals(DataType.DOUBLE, d.W().dataType());
        assertArrayEquals(new long[]{88, 150}, f.W().shape());
        assertArrayEquals(new long[]{100, 88}, f.Wuv().shape());
        assertTrue(f.W().equalsWithEps(d.W().castTo(DataType.FLOAT), 1e-7));
        double std = d.Wuu().stdNumber().doubleValue();
        assertEquals(0.01, std, 0.001, "std is weightInitStd, not 1 (the reference's fault)");
        assertEquals(0, d.bv().norm1Number().doubleValue());
        assertFalse(f.W().equalsWithEps(RnnRbm.random(c, 43, DataType.FLOAT).W(), 1e-6));
    }

    @Test
    void ofRejectsWrongShapes() {
        ModelConfig c = TestModels.tiny();
        Map<String, INDArray> m = RnnRbm.random(c, 1, DataType.DOUBLE).parameters();
        m.put("Wuu", Nd4j.zeros(DataType.DOUBLE, 3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RnnRbm.of(c, m));
        assertTrue(e.getMessage().contains("Wuu"), e.getMessage());
    }
}
