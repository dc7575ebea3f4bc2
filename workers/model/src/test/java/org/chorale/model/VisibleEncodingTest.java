package org.chorale.model;

import org.chorale.music.PianoRoll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class VisibleEncodingTest {
    @Test
    void paperFormIsOneRowPerStepOnTheConfigsRange() {
        ModelConfig c = TestModels.tiny(); // pitches 60..65
        PianoRoll roll = PianoRoll.builder().range(21, 88).steps(new int[][]{{60, 65}, {}, {59, 62, 70}}).build();
        VisibleEncoding enc = new VisibleEncoding(c);
        INDArray v = enc.encode(roll, DataType.FLOAT);
        assertArrayEquals(new long[]{3, 6}, v.shape());
        assertEquals(Nd4j.createFromArray(new float[][]{{1, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0}, {0, 0, 1, 0, 0, 0}}), v);
        PianoRoll back = enc.decode(v, PianoRoll.builder().name("x"));
        assertArrayEquals(new int[][]{{60, 65}, {}, {62}}, back.steps(), "out-of-range pitches dropped");
        assertEquals(60, back.lowestPitch());
        assertEquals("x", back.name());
    }

    @Test
    void windowsAreFrameMajorWithPlayThenOnsetBitsAndPaddedWithSilence() {
        ModelConfig c = TestModels.tinyWindowed(); // 2 frames x (3 play + 3 onset), pitches 60..62
        PianoRoll roll = PianoRoll.builder().range(60, 3)
                .steps(new int[][]{{60}, {60, 62}, {61}})
                .onsets(new int[][]{{60}, {62}, {61}}).build();
        VisibleEncoding enc = new VisibleEncoding(c);
        assertEquals(2, enc.rows(roll));
        INDArray v = enc.encode(roll, DataType.DOUBLE);
        double[][] expected = {
                {1, 0, 0, 1, 0, 0, /* frame 1 */ 1, 0, 1, 0, 0, 1},
                {0, 1, 0, 0, 1, 0, /* padding */ 0, 0, 0, 0, 0, 0}};
        assertEquals(Nd4j.createFromArray(expected), v);
        PianoRoll back = enc.decode(v, PianoRoll.builder());
        assertEquals(4, back.length());
        assertArrayEquals(roll.steps(), back.slice(0, 3).steps());
        assertArrayEquals(roll.onsets(), back.slice(0, 3).onsets());
    }

    @Test
    void onsetsAreDerivedWhenTheRollKeepsNone() {
        ModelConfig c = TestModels.tinyWindowed().withStepsPerRbm(1);
        PianoRoll held = PianoRoll.builder().range(60, 3).steps(new int[][]{{60}, {60}, {60, 61}}).build();
        INDArray v = new VisibleEncoding(c).encode(held, DataType.FLOAT);
        assertEquals(Nd4j.createFromArray(new float[][]{{1, 0, 0, 1, 0, 0}, {1, 0, 0, 0, 0, 0}, {1, 1, 0, 0, 1, 0}}), v);
    }

    @Test
    void decodingEnforcesOnsetImpliesPlay() {
        ModelConfig c = TestModels.tinyWindowed().withStepsPerRbm(1);
        INDArray v = Nd4j.createFromArray(new float[][]{{0, 0, 0, 1, 0, 1}});
        PianoRoll r = new VisibleEncoding(c).decode(v, PianoRoll.builder());
        assertArrayEquals(new int[]{60, 62}, r.pitchesAt(0));
        assertArrayEquals(new int[]{60, 62}, r.onsetsAt(0));
    }

    @Test
    void visibleSizeFollowsTheConfig() {
        assertEquals(88, ModelConfig.paper().visibleSize());
        assertEquals(780, ModelConfig.writeUp().visibleSize());
        assertThrows(IllegalArgumentException.class,
                () -> new VisibleEncoding(TestModels.tiny()).decode(Nd4j.zeros(2, 7), PianoRoll.builder()));
    }

    @Test
    void theModelsViewDropsWhatItCannotExpress() {
        ModelConfig c = TestModels.tiny().withRange(60, 12); // no onset bits
        PianoRoll roll = PianoRoll.builder().name("r").stepsPerQuarter(4).qpm(90)
                .steps(new int[][] {{60, 50}, {60}, {60}}).onsets(new int[][] {{60, 50}, {}, {60}}).build();
        PianoRoll seen = new VisibleEncoding(c).asSeenByModel(roll);
        assertEquals(3, seen.length());
        assertEquals("r", seen.name());
        assertEquals(90.0, seen.qpm());
        assertArrayEquals(new int[] {60}, seen.pitchesAt(0), "50 is below the model's range");
        assertArrayEquals(new int[0], seen.onsetsAt(2), "without onset bits the re-strike merges into one note");
        PianoRoll withOnsets = new VisibleEncoding(c.withOnsets(true)).asSeenByModel(roll);
        assertArrayEquals(new int[] {60}, withOnsets.onsetsAt(2), "with onset bits it survives");
    }
}
