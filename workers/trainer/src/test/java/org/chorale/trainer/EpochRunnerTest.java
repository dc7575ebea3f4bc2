package org.chorale.trainer;

import org.chorale.model.ModelConfig;
import org.chorale.model.TrainingSession;
import org.chorale.model.eval.SampleFidelity;
import org.chorale.music.MusicStats;
import org.chorale.music.PianoRoll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class EpochRunnerTest {
    private static final ModelConfig TINY = ModelConfig.paper().withRange(60, 8).withHidden(6).withRecurrent(5)
            .withCdK(1).withBatchSize(2).withChunkLength(8);

    private static List<PianoRoll> pieces(long seed, int count) {
        Random random = new Random(seed);
        List<PianoRoll> out = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            int[][] steps = new int[12][];
            for (int t = 0; t < steps.length; t++) steps[t] = new int[]{60 + random.nextInt(8)};
            out.add(PianoRoll.builder().name("piece " + seed + "-" + p).range(60, 8).steps(steps).build());
        }
        return out;
    }

    @Test
    void validatesEveryNthEpochAndAlwaysTheLast() {
        TrainingData data = new TrainingData(pieces(1, 4), pieces(2, 2), "fp", 0);
        EpochRunner runner = new EpochRunner(0, 0, 2);
        TrainingSession session = TrainingSession.start(TINY, 3);

        assertNull(runner.run(session, data, false).validation(), "epoch 1 of every 2: not due");
        EpochRunner.Validation second = runner.run(session, data, false).validation();
        assertNotNull(second, "epoch 2: due");
        assertTrue(second.nllPerStep() > 0 && second.baselineNllPerStep() > 0);
        assertNotNull(runner.run(session, data, true).validation(), "epoch 3 is the job's last: always validated");
        assertThrows(IllegalArgumentException.class, () -> new EpochRunner(0, 0, 0));
    }

    /**
     * The corpus statistics beside the samples' are those of the training split in excerpts as long as the samples:
     * 12-step pieces of random pitches over 8 keys use more distinct pitches than any 4 steps can.
     */
    @Test
    void theCorpusIsDescribedInExcerptsAsLongAsTheSamples() {
        TrainingData data = new TrainingData(pieces(1, 4), List.of(), "fp", 0);
        EpochRunner.EpochResult result = new EpochRunner(3, 4, 1).run(TrainingSession.start(TINY, 3), data, false);
        double excerpts = MusicStats.of(SampleFidelity.excerpts(data.train(), 4)).uniquePitches();
        double whole = MusicStats.of(data.train()).uniquePitches();
        assertEquals(excerpts, result.corpusStats().get("unique_pitches"), 1e-12);
        assertTrue(excerpts <= 4 && whole > excerpts, "whole pieces " + whole + ", 4-step excerpts " + excerpts);
        assertFalse(result.sampleStats().isEmpty(), "samples were drawn");
    }
}
