package org.chorale.trainer;

import org.chorale.events.PianoRoll;
import org.chorale.model.ModelConfig;
import org.chorale.model.Provenance;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainingDataTest {
    private static PianoRoll event(String id, String dataset, String split, int stepsPerQuarter, int pitch) {
        return PianoRoll.newBuilder().setPieceId(id).setDataset(dataset).setName("piece " + id).setSplit(split)
                .setStepsPerQuarter(stepsPerQuarter).setLowestPitch(48).setPitchCount(24)
                .setSteps(List.of(List.of(pitch), List.of())).build();
    }

    @Test
    void keepsTheDatasetsTrainAndValidPiecesOnTheModelsGridInPieceIdOrder() {
        ModelConfig config = ModelConfig.paper(); // 4 steps per quarter
        TrainingData data = TrainingData.of("d", List.of(
                event("c3", "d", "train", 4, 60),
                event("a1", "d", "train", 4, 61),
                event("b2", "d", "valid", 4, 62),
                event("e5", "d", "test", 4, 63),      // test pieces are for the final table, not for training
                event("f6", "other", "train", 4, 64), // another dataset
                event("g7", "d", "train", 2, 65),     // another grid: counted as skipped
                event("h8", "d", "train", 4, 99)),    // pitch outside its own range: malformed, skipped
                config);
        assertEquals(List.of("piece a1", "piece c3"), data.train().stream().map(org.chorale.music.PianoRoll::name).toList());
        assertEquals(List.of("piece b2"), data.valid().stream().map(org.chorale.music.PianoRoll::name).toList());
        assertEquals(2, data.skipped());
        assertEquals(Provenance.fingerprint(data.train()), data.fingerprint());
        assertArrayEquals(new int[]{61}, data.train().get(0).pitchesAt(0));
    }
}
