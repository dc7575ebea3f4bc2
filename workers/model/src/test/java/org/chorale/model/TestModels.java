package org.chorale.model;

import org.chorale.music.PianoRoll;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Small models and data for the tests. */
final class TestModels {
    private TestModels() {}

    /** nv 6, nh 5, nu 4: the paper's form on six pitches. */
    static ModelConfig tiny() {
        return ModelConfig.paper().withRange(60, 6).withHidden(5).withRecurrent(4);
    }

    /** Windowed with onsets: 2 frames x 3 pitches x (play, onset) = 12 visible units. */
    static ModelConfig tinyWindowed() {
        return ModelConfig.paper().withRange(60, 3).withStepsPerRbm(2).withOnsets(true).withHidden(5).withRecurrent(4);
    }

    /** Every parameter, biases included, drawn from N(0, std^2): large enough that every gradient term matters. */
    static RnnRbm randomModel(ModelConfig c, long seed, double std, DataType dtype) {
        Random r = new Random(seed);
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (String name : RnnRbm.parameterNames()) {
            long[] shape = Parameters.shape(name, c);
            double[] d = new double[(int) (shape[0] * shape[1])];
            for (int i = 0; i < d.length; i++) d[i] = r.nextGaussian() * std;
            m.put(name, Nd4j.create(d, shape, dtype));
        }
        return RnnRbm.of(c, m);
    }

    /** A [rows x cols] matrix of independent fair bits. */
    static INDArray randomBits(long seed, int rows, int cols, DataType dtype) {
        Random r = new Random(seed);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = r.nextBoolean() ? 1 : 0;
        return Nd4j.create(d, new long[]{rows, cols}, dtype);
    }

    /** A roll inside the config's range, random chords of up to 3 notes. */
    static PianoRoll randomRoll(ModelConfig c, long seed, int length) {
        Random r = new Random(seed);
        int[][] steps = new int[length][];
        for (int t = 0; t < length; t++) {
            int n = r.nextInt(4);
            steps[t] = new int[n];
            for (int i = 0; i < n; i++) steps[t][i] = c.lowestPitch() + r.nextInt(c.pitchCount());
        }
        return PianoRoll.builder().name("random-" + seed).range(c.lowestPitch(), c.pitchCount()).steps(steps).build();
    }
}
