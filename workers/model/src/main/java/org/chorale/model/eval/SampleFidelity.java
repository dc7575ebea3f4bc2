package org.chorale.model.eval;

import org.chorale.model.RnnRbm;
import org.chorale.model.SampleSettings;
import org.chorale.model.Sampler;
import org.chorale.model.VisibleEncoding;
import org.chorale.music.MusicStats;
import org.chorale.music.PianoRoll;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How closely a model's samples match its training corpus on the five statistics the composition goal names:
 * the relative difference (generated - corpus) / |corpus| of each, and the worst of them in absolute value.
 * Like is compared with like: the corpus as the model sees it (its pitch range; without onset bits, re-strikes
 * merged), cut into excerpts of the samples' length. The samples are drawn with fixed {@link SampleSettings}
 * (their seed included), so that two models, e.g. two epochs of one training job, are compared on the same random
 * numbers and differ by what they learned, not by the draw.
 */
public final class SampleFidelity {
    /** The statistics of the goal "within ±10 % of the training corpus", in {@link MusicStats#asMap()}'s keys. */
    public static final List<String> GOAL =
            List.of("polyphony_mean", "unique_pitches", "pitch_range", "scale_consistency", "note_length_mean");

    /**
     * @param relativeDifference per statistic of {@link #GOAL}, (generated - corpus) / |corpus|
     * @param worst              the largest |relative difference|
     * @param worstStatistic     the statistic it belongs to
     * @param invalidStates      states the sampler had to repair (the goal wants none)
     * @param hangingNotes       hanging notes in the samples written as MIDI (the goal wants none)
     */
    public record Score(Map<String, Double> relativeDifference, double worst, String worstStatistic,
                        long invalidStates, int hangingNotes) {
        public Score {
            relativeDifference = Collections.unmodifiableMap(new LinkedHashMap<>(relativeDifference)); // GOAL's order
        }
    }

    private final Map<String, Double> corpus;
    private final SampleSettings settings;

    private SampleFidelity(Map<String, Double> corpus, SampleSettings settings) {
        this.corpus = corpus;
        this.settings = settings;
    }

    /**
     * Fidelity to {@code corpus} (as read, e.g. the training split) of samples drawn with {@code settings}; the model
     * whose view of the corpus counts is {@code like}'s (every model scored later must share its range and encoding).
     */
    public static SampleFidelity against(List<PianoRoll> corpus, RnnRbm like, SampleSettings settings) {
        if (corpus.isEmpty()) throw new IllegalArgumentException("no corpus pieces to compare samples with");
        settings.validate(like.config());
        VisibleEncoding encoding = new VisibleEncoding(like.config());
        List<PianoRoll> seen = corpus.stream().map(encoding::asSeenByModel).toList();
        Map<String, Double> stats = MusicStats.of(excerpts(seen, settings.steps())).asMap();
        for (String k : GOAL) {
            if (stats.get(k) == 0) throw new IllegalArgumentException("the corpus's " + k + " is 0: no relative difference");
        }
        return new SampleFidelity(stats, settings);
    }

    /** Draws the samples from {@code model} and compares them with the corpus. */
    public Score score(RnnRbm model) {
        Sampler.Samples samples = new Sampler(model).sampleCounting(settings);
        MusicStats generated = MusicStats.of(samples.pieces(), samples.invalidStates());
        Map<String, Double> all = relativeDifferences(corpus, generated.asMap());
        Map<String, Double> differences = new LinkedHashMap<>();
        double worst = -1;
        String worstStatistic = null;
        for (String k : GOAL) {
            double d = all.get(k); // never null: against() refused a corpus with a 0 among them
            differences.put(k, d);
            if (Math.abs(d) > worst) {
                worst = Math.abs(d);
                worstStatistic = k;
            }
        }
        return new Score(differences, worst, worstStatistic, generated.invalidStates(), generated.hangingNotes());
    }

    /**
     * Per statistic of {@code corpus}: (generated - corpus) / |corpus|; 0 where both are 0, null where only the
     * corpus value is 0 (no relative difference exists).
     */
    public static Map<String, Double> relativeDifferences(Map<String, Double> corpus, Map<String, Double> generated) {
        Map<String, Double> d = new LinkedHashMap<>();
        corpus.forEach((k, v) -> {
            double g = generated.get(k);
            // written out: as one conditional expression, the null unboxed (a NullPointerException in stats)
            if (v != 0) d.put(k, (g - v) / Math.abs(v));
            else d.put(k, g == 0 ? Double.valueOf(0.0) : null);
        });
        return d;
    }

    /** Consecutive excerpts of {@code length} steps of every piece; a piece no longer than that stays whole. */
    public static List<PianoRoll> excerpts(List<PianoRoll> pieces, int length) {
        if (length < 1) throw new IllegalArgumentException("excerpt length must be positive, got " + length);
        List<PianoRoll> out = new ArrayList<>();
        for (PianoRoll p : pieces) {
            if (p.length() <= length) out.add(p);
            else for (int from = 0; from + length <= p.length(); from += length) out.add(p.slice(from, from + length));
        }
        return out;
    }
}
