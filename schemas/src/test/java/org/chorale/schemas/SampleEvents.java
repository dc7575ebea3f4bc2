package org.chorale.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.chorale.events.CompositionCompleted;
import org.chorale.events.CompositionFailed;
import org.chorale.events.CompositionRequested;
import org.chorale.events.DeadLetter;
import org.chorale.events.EpochCompleted;
import org.chorale.events.EpochRequested;
import org.chorale.events.FailureReason;
import org.chorale.events.Hyperparameters;
import org.chorale.events.MidiRejected;
import org.chorale.events.MidiSubmitted;
import org.chorale.events.ModelCheckpoint;
import org.chorale.events.PianoRoll;
import org.chorale.events.RejectReason;

/** Realistic events of every type: one with every optional field set, one with only what is required. */
final class SampleEvents {

    static final Instant WHEN = Instant.ofEpochMilli(1_764_000_000_123L);

    private SampleEvents() {
    }

    /** A tiny but valid Standard MIDI File: one track, middle C for a quarter note. */
    static ByteBuffer midi() {
        byte[] smf = {
            'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96,
            'M', 'T', 'r', 'k', 0, 0, 0, 12,
            0, (byte) 0x90, 60, 80, 96, (byte) 0x80, 60, 0, 0, (byte) 0xFF, 0x2F, 0};
        return ByteBuffer.wrap(smf);
    }

    static Hyperparameters windowedHyperparameters() {
        return Hyperparameters.newBuilder().setStepsPerRbm(4).setOnsets(true).setHidden(300).setRecurrent(200)
                .setOptimizer("adam").setLearningRate(3e-4).setEpochs(50).setPatience(5).build();
    }

    static List<List<Integer>> chords() {
        return List.of(List.of(60, 64, 67), List.of(), List.of(62, 65, 69, 72), List.of(59));
    }

    /** Every type with every optional field set (and non-default values elsewhere). */
    static List<SpecificRecord> full() {
        return List.of(
                MidiSubmitted.newBuilder().setPieceName("Maple Leaf Rag").setDataset("joplin").setSplit("train")
                        .setMidi(midi()).setSubmittedAt(WHEN).build(),
                PianoRoll.newBuilder().setPieceId("3f9a0c12d4e5b6a7").setDataset("jsb").setName("BWV 269")
                        .setSplit("valid").setStepsPerQuarter(4).setLowestPitch(21).setPitchCount(88)
                        .setSteps(chords()).setOnsets(List.of(List.of(60, 64, 67), List.of(), List.of(62), List.of(59)))
                        .setQpm(96.5).setTimeSignatureNumerator(3).setTimeSignatureDenominator(4).setNotesDropped(2)
                        .setSource("chorale.midi.ingest/2/1234").setIngestedAt(WHEN).build(),
                MidiRejected.newBuilder().setKey("broken.mid").setReason(RejectReason.TRUNCATED)
                        .setDetail("track 2 declares 9000000 bytes, only 512 remain").setSourceTopic("chorale.midi.ingest")
                        .setSourcePartition(3).setSourceOffset(98_765L).setSizeBytes(530).setRejectedAt(WHEN).build(),
                EpochRequested.newBuilder().setModelId("jsb-rnnrbm").setEpoch(7).setFromVersion(6L)
                        .setHyperparameters(windowedHyperparameters()).setDataset("jsb").setSeed(42L)
                        .setRequestedAt(WHEN).build(),
                EpochCompleted.newBuilder().setModelId("jsb-rnnrbm").setEpoch(7).setVersion(7L).setTrainCost(-3.25)
                        .setValidNllPerStep(7.41).setValidFrameAccuracy(0.31).setBaselineNllPerStep(11.2)
                        .setGradientNorm(1.75).setTimesteps(13_740L).setSeconds(42.5).setWorker("trainer-a1")
                        .setFinalEpoch(true).setStoppedEarly(true)
                        .setMusicStats(Map.of("polyphony_mean", 3.6, "scale_consistency", 0.93))
                        .setCompletedAt(WHEN).build(),
                ModelCheckpoint.newBuilder().setModelId("jsb-rnnrbm").setVersion(7L).setEpoch(7)
                        .setHyperparameters(windowedHyperparameters()).setDataset("jsb")
                        .setDatasetFingerprint("sha256:0a1b2c").setSeed(42L).setCodeVersion("0.1.0 (abc1234)")
                        .setParameters(ByteBuffer.wrap(parameterBytes())).setMetrics(Map.of("trainCost", -3.25))
                        .setCreatedAt(WHEN).build(),
                CompositionRequested.newBuilder().setRequestId("req-0001").setModelId("jsb-rnnrbm")
                        .setModelVersion(7L).setSteps(0).setBars(8).setLengthSeconds(30.0).setPrimer(midi())
                        .setPrimerPitches(chords()).setIncludePrimer(true).setCount(3).setGibbsSteps(30)
                        .setTemperature(0.9).setMeanFieldFinal(true).setSeed(1234L).setQpm(100.0)
                        .setTimeSignatureNumerator(3).setTimeSignatureDenominator(4).setProgram(19).setVelocity(96)
                        .setScale("D harmonic-minor").setRequestedAt(WHEN).build(),
                CompositionCompleted.newBuilder().setRequestId("req-0001").setModelId("jsb-rnnrbm")
                        .setModelVersion(7L).setMidi(midi()).setAdditionalPieces(List.of(midi(), midi()))
                        .setSeed(1234L).setSteps(128).setSeconds(1.5).setWorker("generator-b2")
                        .setStats(Map.of("polyphony_mean", 3.1)).setCompletedAt(WHEN).build(),
                CompositionFailed.newBuilder().setRequestId("req-0002").setModelId("nope")
                        .setReason(FailureReason.UNKNOWN_MODEL).setDetail("no checkpoint of model 'nope'")
                        .setWorker("generator-b2").setFailedAt(WHEN).build(),
                DeadLetter.newBuilder().setSourceTopic("chorale.generation.requests").setSourcePartition(1)
                        .setSourceOffset(77L).setKey(ByteBuffer.wrap("req-0003".getBytes(StandardCharsets.UTF_8)))
                        .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xff})).setValueSize(4)
                        .setReason(RejectReason.UNDECODABLE).setDetail("NOT_AVRO: starts with 01 02 03 FF")
                        .setWorker("generator-b2").setAt(WHEN).build(),
                windowedHyperparameters());
    }

    /** Every type with only its required fields: optional ones null, defaults untouched. */
    static List<SpecificRecord> minimal() {
        return List.of(
                MidiSubmitted.newBuilder().setPieceName("x").setMidi(midi()).build(),
                PianoRoll.newBuilder().setPieceId("00").setDataset("d").setName("n").setSplit("train")
                        .setStepsPerQuarter(4).setLowestPitch(21).setPitchCount(88).setSteps(List.of()).build(),
                MidiRejected.newBuilder().setReason(RejectReason.EMPTY).setDetail("no bytes")
                        .setSourceTopic("t").setSourcePartition(0).setSourceOffset(0L).build(),
                EpochRequested.newBuilder().setModelId("m").setEpoch(1)
                        .setHyperparameters(Hyperparameters.newBuilder().build()).setDataset("d").build(),
                EpochCompleted.newBuilder().setModelId("m").setEpoch(1).setVersion(1L).setTrainCost(0.0)
                        .setTimesteps(0L).setSeconds(0.0).setWorker("w").build(),
                ModelCheckpoint.newBuilder().setModelId("m").setVersion(1L).setEpoch(1)
                        .setHyperparameters(Hyperparameters.newBuilder().build()).setDatasetFingerprint("")
                        .setSeed(0L).setCodeVersion("dev").setParameters(ByteBuffer.allocate(0)).build(),
                CompositionRequested.newBuilder().setRequestId("r").setModelId("m").build(),
                CompositionCompleted.newBuilder().setRequestId("r").setModelId("m").setModelVersion(1L)
                        .setMidi(midi()).setSeed(0L).setSteps(0).setSeconds(0.0).build(),
                CompositionFailed.newBuilder().setRequestId("r").setReason(FailureReason.INTERNAL).setDetail("")
                        .build(),
                DeadLetter.newBuilder().setSourceTopic("t").setSourcePartition(0).setSourceOffset(0L)
                        .setReason(RejectReason.INTERNAL).setDetail("").build(),
                Hyperparameters.newBuilder().build());
    }

    /** Bytes with every value 0..255, so encodings that mangle high bytes show up. */
    private static byte[] parameterBytes() {
        byte[] bytes = new byte[4096];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }
}
