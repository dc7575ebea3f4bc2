package org.chorale.ingest;

import org.chorale.events.PianoRoll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a parsed {@link org.chorale.music.PianoRoll} into the {@link PianoRoll} event of {@code chorale.pianorolls}. */
final class RollEvents {
    private RollEvents() {}

    /**
     * @param pieceId      the roll's content hash: the same music gives the same id (and the same record key)
     * @param notesDropped notes left out of the roll (out of range or on the drum channel)
     * @param source       where the music came from, e.g. {@code chorale.midi.ingest/0/42}
     */
    static PianoRoll toEvent(org.chorale.music.PianoRoll roll, String pieceId, String dataset, String split,
                             int notesDropped, String source, Instant ingestedAt) {
        return PianoRoll.newBuilder()
                .setPieceId(pieceId).setDataset(dataset).setName(roll.name()).setSplit(split)
                .setStepsPerQuarter(roll.stepsPerQuarter())
                .setLowestPitch(roll.lowestPitch()).setPitchCount(roll.pitchCount())
                .setSteps(lists(roll.steps()))
                .setOnsets(roll.hasOnsets() ? lists(roll.onsets()) : null)
                .setQpm(roll.qpm())
                .setTimeSignatureNumerator(roll.timeSignatureNumerator())
                .setTimeSignatureDenominator(roll.timeSignatureDenominator())
                .setNotesDropped(notesDropped)
                .setSource(source)
                .setIngestedAt(ingestedAt)
                .build();
    }

    private static List<List<Integer>> lists(int[][] perStep) {
        List<List<Integer>> out = new ArrayList<>(perStep.length);
        for (int[] pitches : perStep) {
            List<Integer> step = new ArrayList<>(pitches.length);
            for (int p : pitches) step.add(p);
            out.add(step);
        }
        return out;
    }
}
