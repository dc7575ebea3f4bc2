package org.chorale.model.eval;

import org.chorale.model.ModelConfig;
import org.chorale.model.RnnRbm;
import org.chorale.model.SampleSettings;
import org.chorale.model.Sampler;
import org.chorale.model.TrainingSession;
import org.chorale.music.MusicStats;
import org.chorale.music.PianoRoll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The music statistics as a test of a model, on the synthetic chord-progression task of
 * {@link ChordProgressionLearningTest} (triads held two steps, in C major and its transpositions by 1-3 semitones):
 * samples of a trained model must match the corpus within {@value #TOLERANCE} relative difference on polyphony,
 * pitch range, note length and scale consistency, within {@value #UNIQUE_PITCHES_TOLERANCE} on unique pitches, and
 * an untrained model must miss clearly. The trained model is the epoch whose samples came closest, as
 * {@code fit --keep-best music} chooses it.
 */
class SampledMusicStatsTest {
    /**
     * Largest relative difference (generated - corpus) / corpus accepted for a trained model. Measured on the kept
     * epoch of 20, training seeds 1-8: polyphony -5 to 0 %, range +4 to +10 %, note length -17 to -5 %, scale
     * consistency -5 to -2 %; untrained: +228 %, +24 %, -25 %, -37 %.
     */
    static final double TOLERANCE = 0.25;
    /**
     * Unique pitches: +21 to +33 % on the same eight seeds (this small model's samples drift between the corpus's
     * transpositions), untrained +123 %. The last epoch instead of the kept one: +23 to +46 %. (A bound of 0.25 had
     * passed on one seed by luck: that seed gave +24 % with one BLAS kernel and +32 % with another.)
     */
    static final double UNIQUE_PITCHES_TOLERANCE = 0.4;
    private static final List<String> COMPARED = List.of("polyphony_mean", "unique_pitches", "pitch_range",
            "note_length_mean", "scale_consistency");

    @Test
    void aTrainedModelsSamplesMatchTheCorpusAndAnUntrainedModelsDoNot() {
        List<PianoRoll> corpus = ChordProgressionLearningTest.pieces(1, 48);
        ModelConfig config = ModelConfig.paper().withRange(60, 20).withHidden(10).withRecurrent(20)
                .withCdK(5).withOptimizer(ModelConfig.ADAM).withLearningRate(0.05).withBatchSize(4).withChunkLength(24);
        TrainingSession session = TrainingSession.start(config, 5);
        Map<String, Double> untrained = statsOfSamples(session.model());
        // The same judgement as fit --keep-best music makes it: one number per model, the worst statistic, on the
        // same samples' seed every epoch.
        SampleFidelity fidelity = SampleFidelity.against(corpus, session.model(), SampleSettings.of(24, 7).withCount(20));
        SampleFidelity.Score bad = fidelity.score(session.model());
        SampleFidelity.Score good = null;
        RnnRbm kept = null;
        for (int e = 0; e < 20; e++) { // about 5 s
            session.runEpoch(corpus);
            SampleFidelity.Score score = fidelity.score(session.model());
            if (good == null || score.worst() < good.worst()) {
                good = score;
                kept = session.model();
            }
        }
        Map<String, Double> trained = statsOfSamples(kept);
        Map<String, Double> target = MusicStats.of(corpus).asMap();
        String trace = "corpus " + target + "\ntrained " + trained + "\nuntrained " + untrained;
        System.out.println(trace);

        for (String stat : COMPARED) {
            double bound = stat.equals("unique_pitches") ? UNIQUE_PITCHES_TOLERANCE : TOLERANCE;
            assertTrue(Math.abs(relative(trained, target, stat)) <= bound, stat + " of a trained model: " + trace);
        }
        long missed = COMPARED.stream().filter(s -> Math.abs(relative(untrained, target, s)) > TOLERANCE).count();
        assertTrue(missed >= 3, "an untrained model misses most statistics: " + trace);
        assertTrue(relative(untrained, target, "polyphony_mean") > 0.5, "untrained samples are far too dense: " + trace);
        assertTrue(relative(untrained, target, "unique_pitches") > 2 * relative(trained, target, "unique_pitches"),
                "training at least halves the excess of unique pitches: " + trace);
        assertEquals(0.0, trained.get("hanging_notes"));
        assertEquals(0.0, untrained.get("hanging_notes"));

        assertEquals(good, fidelity.score(kept), "the same samples every time: models compare on one draw");
        for (SampleFidelity.Score score : List.of(good, bad)) {
            assertEquals(SampleFidelity.GOAL, List.copyOf(score.relativeDifference().keySet()));
            double max = score.relativeDifference().values().stream().mapToDouble(Math::abs).max().orElseThrow();
            assertEquals(max, score.worst(), 0.0, score.toString());
            assertEquals(max, Math.abs(score.relativeDifference().get(score.worstStatistic())), 0.0, score.toString());
        }
        assertTrue(good.worst() <= UNIQUE_PITCHES_TOLERANCE, good + "\n" + trace);
        assertTrue(bad.worst() > 0.5 && bad.worst() > 2 * good.worst(), "untrained " + bad + " vs trained " + good);
    }

    /** A statistic the corpus has at 0 (invalid states, hanging notes) has no relative difference unless both are 0. */
    @Test
    void relativeDifferencesOfStatisticsTheCorpusHasAtZero() {
        Map<String, Double> corpus = new java.util.LinkedHashMap<>(), generated = new java.util.HashMap<>();
        corpus.put("polyphony_mean", 4.0);
        corpus.put("invalid_states", 0.0);
        corpus.put("hanging_notes", 0.0);
        generated.put("polyphony_mean", 3.0);
        generated.put("invalid_states", 2.0);
        generated.put("hanging_notes", 0.0);
        Map<String, Double> d = SampleFidelity.relativeDifferences(corpus, generated);
        assertEquals(List.of("polyphony_mean", "invalid_states", "hanging_notes"), List.copyOf(d.keySet()));
        assertEquals(-0.25, d.get("polyphony_mean"), 1e-15);
        assertNull(d.get("invalid_states"), "2 against 0: no relative difference");
        assertEquals(0.0, d.get("hanging_notes"), "0 against 0");
    }

    @Test
    void theCorpusIsComparedInExcerptsOfTheSamplesLength() {
        List<PianoRoll> pieces = List.of(roll(50), roll(10));
        List<PianoRoll> excerpts = SampleFidelity.excerpts(pieces, 24);
        assertEquals(List.of(24, 24, 10), excerpts.stream().map(PianoRoll::length).toList(),
                "two whole excerpts of 50 steps (the last 2 dropped); a shorter piece whole");
    }

    private static PianoRoll roll(int steps) {
        int[][] frames = new int[steps][];
        for (int t = 0; t < steps; t++) frames[t] = new int[]{60 + t % 12};
        return PianoRoll.builder().name("roll-" + steps).range(60, 20).steps(frames).build();
    }

    private static Map<String, Double> statsOfSamples(RnnRbm model) {
        Sampler.Samples s = new Sampler(model).sampleCounting(SampleSettings.of(24, 7).withCount(20));
        return MusicStats.of(new ArrayList<>(s.pieces()), s.invalidStates()).asMap();
    }

    private static double relative(Map<String, Double> generated, Map<String, Double> corpus, String stat) {
        return (generated.get(stat) - corpus.get(stat)) / corpus.get(stat);
    }
}
