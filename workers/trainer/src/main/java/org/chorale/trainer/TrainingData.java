package org.chorale.trainer;

import org.chorale.model.ModelConfig;
import org.chorale.model.Provenance;
import org.chorale.music.PianoRoll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The pieces of one dataset a model trains and validates on, read from the values of {@code chorale.pianorolls}.
 * Pieces are ordered by piece id (their content hash), so every worker builds the same lists from the same topic
 * and the dataset fingerprint names exactly what the model saw. Test pieces are left alone.
 *
 * @param fingerprint hash of the training pieces' ids in order ({@link Provenance#fingerprint})
 * @param skipped     pieces of the dataset left out: on another time grid than the model's, or malformed
 */
record TrainingData(List<PianoRoll> train, List<PianoRoll> valid, String fingerprint, int skipped) {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

    static TrainingData of(String dataset, Collection<org.chorale.events.PianoRoll> rollEvents, ModelConfig config) {
        List<org.chorale.events.PianoRoll> pieces = new ArrayList<>();
        int skipped = 0;
        for (org.chorale.events.PianoRoll event : rollEvents) {
            if (!dataset.equals(event.getDataset())) continue;
            if (event.getStepsPerQuarter() == config.stepsPerQuarter()) pieces.add(event);
            else skipped++;
        }
        pieces.sort(Comparator.comparing(org.chorale.events.PianoRoll::getPieceId));
        List<PianoRoll> train = new ArrayList<>();
        List<PianoRoll> valid = new ArrayList<>();
        for (org.chorale.events.PianoRoll p : pieces) {
            List<PianoRoll> split = switch (p.getSplit()) {
                case "train" -> train;
                case "valid" -> valid;
                default -> null;
            };
            if (split == null) continue;
            try {
                split.add(toRoll(p));
            } catch (IllegalArgumentException malformed) {
                skipped++;
            }
        }
        if (skipped > 0)
            LOG.warn("dataset {}: left out {} pieces that are malformed or not on the model's grid of {} steps per quarter",
                    dataset, skipped, config.stepsPerQuarter());
        return new TrainingData(List.copyOf(train), List.copyOf(valid), Provenance.fingerprint(train), skipped);
    }

    /** The event's roll as the model library's {@link PianoRoll}; throws on pitches outside the event's range. */
    static PianoRoll toRoll(org.chorale.events.PianoRoll e) {
        return PianoRoll.builder().name(e.getName()).stepsPerQuarter(e.getStepsPerQuarter())
                .range(e.getLowestPitch(), e.getPitchCount()).steps(arrays(e.getSteps()))
                .onsets(e.getOnsets() == null ? null : arrays(e.getOnsets()))
                .qpm(e.getQpm()).timeSignature(e.getTimeSignatureNumerator(), e.getTimeSignatureDenominator())
                .build();
    }

    private static int[][] arrays(List<List<Integer>> steps) {
        int[][] out = new int[steps.size()][];
        for (int t = 0; t < out.length; t++) out[t] = steps.get(t).stream().mapToInt(Integer::intValue).toArray();
        return out;
    }
}
