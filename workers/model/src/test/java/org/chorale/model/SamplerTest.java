package org.chorale.model;

import org.chorale.music.PianoRoll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SamplerTest {
    private static final ModelConfig C = TestModels.tiny().withRange(60, 12).withHidden(10).withRecurrent(8);

    @Test
    void sameSeedSameMusicAndOtherSeedsOtherMusic() {
        Sampler sampler = new Sampler(TestModels.randomModel(C, 1, 0.8, DataType.FLOAT));
        SampleSettings s = SampleSettings.of(64, 5).withGibbsSteps(5);
        PianoRoll a = sampler.sample(s).get(0);
        assertEquals(a, new Sampler(TestModels.randomModel(C, 1, 0.8, DataType.FLOAT)).sample(s).get(0));
        assertNotEquals(a, sampler.sample(s.withSeed(6)).get(0));
        assertEquals(64, a.length());
        assertEquals(C.lowestPitch(), a.lowestPitch());
        assertEquals(C.pitchCount(), a.pitchCount());
        assertEquals(C.stepsPerQuarter(), a.stepsPerQuarter());
    }

    @Test
    void pieceIOfABatchEqualsAOnePieceRequestWithSeedPlusI() {
        Sampler sampler = new Sampler(TestModels.randomModel(C, 2, 0.8, DataType.FLOAT));
        SampleSettings s = SampleSettings.of(40, 100).withGibbsSteps(3).withCount(3).withName("batch").withQpm(90)
                .withTimeSignature(3, 4);
        List<PianoRoll> batch = sampler.sample(s);
        assertEquals(3, batch.size());
        for (int i = 0; i < 3; i++)
            assertEquals(sampler.sample(s.withCount(1).withSeed(100 + i)).get(0), batch.get(i), "piece " + i);
        assertNotEquals(batch.get(0), batch.get(1));
        assertEquals(90.0, batch.get(0).qpm());
        assertEquals(3, batch.get(0).timeSignatureNumerator());
        assertEquals("batch", batch.get(0).name());
    }

    @Test
    void tooManyStepsIsAClearError() {
        Sampler sampler = new Sampler(RnnRbm.random(C, 1, DataType.FLOAT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sampler.sample(SampleSettings.of(100_001, 1)));
        assertTrue(e.getMessage().contains("exceeds the limit of 100000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(SampleSettings.of(10, 1).withMaxSteps(5)));
        IllegalArgumentException total = assertThrows(IllegalArgumentException.class,
                () -> sampler.sample(SampleSettings.of(50_000, 1).withCount(21)));
        assertTrue(total.getMessage().contains("per request"), total.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(SampleSettings.of(10, 1).withTemperature(0)));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(SampleSettings.of(10, 1).withCount(0)));
        assertThrows(IllegalArgumentException.class,
                () -> sampler.sample(SampleSettings.of(10, 1).withAllowedPitches(new boolean[3])));
    }

    /** A model whose every visible unit is almost surely on, whatever the RNN does. */
    private static RnnRbm loud(ModelConfig c) {
        Map<String, INDArray> p = RnnRbm.random(c, 3, DataType.FLOAT).parameters();
        p.put("bv", Nd4j.valueArrayOf(new long[]{1, c.visibleSize()}, 8.0, DataType.FLOAT));
        return RnnRbm.of(c, p);
    }

    @Test
    void disallowedPitchesNeverSound() {
        Sampler sampler = new Sampler(loud(C));
        boolean[] allowed = SampleSettings.allowOnly(C, 60, 64, 67);
        PianoRoll free = sampler.sample(SampleSettings.of(50, 1).withGibbsSteps(2)).get(0);
        PianoRoll scale = sampler.sample(SampleSettings.of(50, 1).withGibbsSteps(2).withAllowedPitches(allowed)).get(0);
        assertTrue(free.isSounding(10, 61), "without the mask, the loud model plays every pitch");
        for (int t = 0; t < scale.length(); t++) assertArrayEquals(new int[]{60, 64, 67}, scale.pitchesAt(t), "step " + t);
    }

    @Test
    void onsetImpliesPlayInWindowedModels() {
        ModelConfig c = TestModels.tinyWindowed();
        Map<String, INDArray> p = RnnRbm.random(c, 3, DataType.FLOAT).parameters();
        double[] bias = new double[c.visibleSize()];
        for (int i = 0; i < bias.length; i++) bias[i] = (i % c.framePitchUnits()) < c.pitchCount() ? -8 : 8; // play off, onset on
        p.put("bv", Nd4j.create(bias, new long[]{1, bias.length}, DataType.FLOAT));
        PianoRoll roll = new Sampler(RnnRbm.of(c, p)).sample(SampleSettings.of(9, 1).withGibbsSteps(2)).get(0);
        assertEquals(9, roll.length(), "frames, not RBM windows");
        assertTrue(roll.hasOnsets());
        for (int t = 0; t < roll.length(); t++) {
            assertEquals(3, roll.onsetsAt(t).length);
            assertArrayEquals(roll.onsetsAt(t), roll.pitchesAt(t), "struck notes sound");
        }
    }

    @Test
    void primerIsIncludedOnRequestAndConditionsTheRnn() {
        Sampler sampler = new Sampler(TestModels.randomModel(C, 4, 1.5, DataType.FLOAT));
        PianoRoll primer = TestModels.randomRoll(C, 9, 12);
        SampleSettings s = SampleSettings.of(20, 3).withGibbsSteps(3);
        PianoRoll with = sampler.sample(s.withPrimer(primer, true)).get(0);
        PianoRoll without = sampler.sample(s.withPrimer(primer, false)).get(0);
        assertEquals(32, with.length());
        assertEquals(20, without.length());
        assertEquals(primer.withRange(C.lowestPitch(), C.pitchCount()).slice(0, 12).steps().length, 12);
        for (int t = 0; t < 12; t++) assertArrayEquals(primer.pitchesAt(t), with.pitchesAt(t));
        assertEquals(with.slice(12, 32).steps().length, without.steps().length);
        assertArrayEquals(with.slice(12, 32).steps(), without.steps(), "same seed: same continuation");
        assertFalse(java.util.Arrays.deepEquals(without.steps(), sampler.sample(s).get(0).steps()),
                "the primer changes what follows");
    }

    @Test
    void eachStepIsDrawnFromTheRbmConditionedOnTheStateBeforeIt() {
        // With W = 0 and a mean-field final step, v_t = [bv_t > 0] exactly, where bv_t = bv + u_{t-1} Wuv. So the
        // sampler's output, run back through RnnRbm.condition, must reproduce itself.
        Map<String, INDArray> p = TestModels.randomModel(C, 6, 1.0, DataType.DOUBLE).parameters();
        p.put("W", Nd4j.zeros(DataType.DOUBLE, C.visibleSize(), C.hidden()));
        RnnRbm model = RnnRbm.of(C, p);
        PianoRoll roll = new Sampler(model).sample(SampleSettings.of(30, 1).withGibbsSteps(1).withMeanFieldFinal(true)).get(0);
        INDArray v = new VisibleEncoding(C).encode(roll, DataType.DOUBLE);
        INDArray bv = model.condition(v).bv();
        int onUnits = 0;
        for (int t = 0; t < 30; t++)
            for (int i = 0; i < C.visibleSize(); i++) {
                assertEquals(bv.getDouble(t, i) > 0 ? 1.0 : 0.0, v.getDouble(t, i), "step " + t + " unit " + i);
                onUnits += (int) v.getDouble(t, i);
            }
        assertTrue(onUnits > 0 && onUnits < 30 * C.visibleSize(), "a non-trivial sequence: " + onUnits);
    }

    @Test
    void highTemperatureFlattensTowardsFairCoins() {
        Sampler sampler = new Sampler(TestModels.randomModel(C, 7, 1.0, DataType.FLOAT));
        PianoRoll hot = sampler.sample(SampleSettings.of(400, 1).withGibbsSteps(2).withTemperature(1000)).get(0);
        double density = 0;
        for (int t = 0; t < hot.length(); t++) density += hot.polyphonyAt(t);
        density /= hot.length() * (double) C.pitchCount();
        assertEquals(0.5, density, 0.05);
    }

    @Test
    void aTrainedModelPlaysWhatItLearned() {
        PianoRoll roll = new Sampler(ChordLoops.trained()).sample(SampleSettings.of(60, 2).withGibbsSteps(15)).get(0);
        java.util.Set<String> chords = java.util.Set.of("[60, 64, 67]", "[65, 69, 72]", "[67, 71, 74]");
        int matching = 0;
        for (int t = 0; t < roll.length(); t++) if (chords.contains(java.util.Arrays.toString(roll.pitchesAt(t)))) matching++;
        System.out.println("chord loops: " + matching + " of 60 sampled frames are training chords");
        assertTrue(matching >= 40, matching + " of 60 sampled frames are training chords");
    }

    @Test
    void strikesWithoutSoundAreCountedAsInvalidStates() {
        ModelConfig c = C.withOnsets(true);
        // play units almost surely off, onset units almost surely on: every onset bit sampled is an invalid state
        Map<String, INDArray> p = RnnRbm.random(c, 3, DataType.FLOAT).parameters();
        float[] bias = new float[c.visibleSize()];
        for (int i = 0; i < bias.length; i++) bias[i] = i % c.framePitchUnits() < c.pitchCount() ? -12f : 12f;
        p.put("bv", Nd4j.create(bias, new long[]{1, bias.length}));
        Sampler.Samples broken = new Sampler(RnnRbm.of(c, p)).sampleCounting(SampleSettings.of(20, 1).withCount(2).withGibbsSteps(2));
        assertEquals(2L * 20 * c.pitchCount(), broken.invalidStates());
        // decoding repairs them: every struck pitch sounds
        assertEquals(c.pitchCount(), broken.pieces().get(0).pitchesAt(5).length);
        // a model without onset bits cannot strike without sound
        assertEquals(0, new Sampler(loud(C)).sampleCounting(SampleSettings.of(20, 1).withGibbsSteps(2)).invalidStates());
    }

    @Test
    void aNoteProbabilityFloorSilencesOnlyTheImprobableNotes() {
        // W = 0 and Wuv = 0: p(v_i = 1 | h) = s(bv_i) exactly. Pitches 60..65 at p = 0.01, 66..71 at p = 0.5.
        Map<String, INDArray> p = TestModels.randomModel(C, 8, 1.0, DataType.FLOAT).parameters();
        p.put("W", Nd4j.zeros(DataType.FLOAT, C.visibleSize(), C.hidden()));
        p.put("Wuv", Nd4j.zeros(DataType.FLOAT, C.recurrent(), C.visibleSize()));
        float[] bias = new float[C.visibleSize()];
        for (int i = 0; i < bias.length; i++) bias[i] = i < 6 ? (float) Math.log(0.01 / 0.99) : 0f;
        p.put("bv", Nd4j.create(bias, new long[]{1, bias.length}));
        Sampler sampler = new Sampler(RnnRbm.of(C, p));
        SampleSettings s = SampleSettings.of(2000, 4).withGibbsSteps(1);
        int[] free = noteSteps(sampler.sample(s).get(0)), floored = noteSteps(sampler.sample(s.withMinNoteProbability(0.05)).get(0));
        assertTrue(free[0] > 60, "without a floor the improbable pitches sound about 1% of the time: " + free[0]);
        assertEquals(0, floored[0], "the floor silences pitches below it");
        assertEquals(0.5 * 6 * 2000, floored[1], 5 * Math.sqrt(6 * 2000 * 0.25), "and leaves the others as sampled");
        assertEquals(sampler.sample(s.withMinNoteProbability(0.05)).get(0), sampler.sample(s.withMinNoteProbability(0.05)).get(0),
                "same seed, same music");
        assertThrows(IllegalArgumentException.class, () -> s.withMinNoteProbability(1.0).validate(C));
        assertThrows(IllegalArgumentException.class, () -> s.withMinNoteProbability(-0.1).validate(C));
    }

    /** Note-steps of pitches 60..65 and of 66..71. */
    private static int[] noteSteps(PianoRoll roll) {
        int[] n = new int[2];
        for (int t = 0; t < roll.length(); t++) for (int pitch : roll.pitchesAt(t)) n[pitch < 66 ? 0 : 1]++;
        return n;
    }
}
