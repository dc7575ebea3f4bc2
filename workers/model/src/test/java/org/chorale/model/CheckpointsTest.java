package org.chorale.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointsTest {
    private static Checkpoint trainedAdamCheckpoint() {
        ModelConfig c = TestModels.tiny().withOptimizer("adam");
        TrainingSession s = TrainingSession.start(c, Provenance.ofSeed(8).withModelId("bach").withDataset("jsb")
                .withDatasetFingerprint("abc").withCodeVersion("0.1.0 (deadbeef)").withCreatedAtMillis(1234L), DataType.FLOAT);
        s.runEpoch(List.of(TestModels.randomRoll(c, 1, 25)));
        return s.checkpoint();
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        Checkpoint original = trainedAdamCheckpoint();
        byte[] bytes = Checkpoints.encode(original);
        Checkpoint back = Checkpoints.decode(bytes);
        assertEquals(original.config(), back.config());
        assertEquals(original.provenance(), back.provenance());
        assertEquals("bach", back.provenance().modelId());
        assertEquals(1, back.epoch());
        assertEquals(8, back.seed());
        assertEquals("adam", back.optimizer());
        assertEquals(original.optimizerStep(), back.optimizerStep());
        assertTrue(back.optimizerStep() > 0);
        assertEquals(16, back.optimizerSlots().size());
        Map<String, INDArray> a = original.model().parameters(), b = back.model().parameters();
        for (String n : RnnRbm.parameterNames()) assertEquals(a.get(n), b.get(n), n);
        for (String n : original.optimizerSlots().keySet())
            assertEquals(original.optimizerSlots().get(n), back.optimizerSlots().get(n), n);
        assertArrayEquals(bytes, Checkpoints.encode(back), "encoding is a pure function of the content");
    }

    @Test
    void modelOnlyCheckpointsAreSmallerAndResumeWithAFreshOptimizer() throws Exception {
        Checkpoint full = trainedAdamCheckpoint();
        byte[] modelOnly = Checkpoints.encodeModelOnly(full.model());
        assertTrue(modelOnly.length < Checkpoints.encode(full).length / 2);
        Checkpoint back = Checkpoints.decode(modelOnly);
        assertEquals(Checkpoint.MODEL_ONLY, back.optimizer());
        assertEquals(full.model().parameters().get("W"), Checkpoints.decodeModel(modelOnly).parameters().get("W"));
        assertEquals(1, TrainingSession.resume(back).epoch());
    }

    @Test
    void wrongMagicIsRejectedClearly() {
        byte[] bytes = Checkpoints.encodeModelOnly(RnnRbm.random(TestModels.tiny(), 1, DataType.FLOAT));
        bytes[0] = 'X';
        assertMessage(bytes, "wrong magic");
        assertMessage(new byte[0], "wrong magic");
        assertMessage("hello, this is not a checkpoint".getBytes(), "wrong magic");
        assertMessage(null, "null");
    }

    @Test
    void newerFormatIsRejectedWithAnUpgradeHint() {
        byte[] bytes = Checkpoints.encodeModelOnly(RnnRbm.random(TestModels.tiny(), 1, DataType.FLOAT));
        ByteBuffer.wrap(bytes).putInt(Checkpoints.MAGIC.length, Checkpoints.FORMAT_VERSION + 1);
        assertMessage(bytes, "newer");
    }

    @Test
    void everyTruncationAndByteFlipFailsWithACheckpointException() {
        byte[] bytes = Checkpoints.encodeModelOnly(RnnRbm.random(TestModels.tiny(), 1, DataType.FLOAT));
        for (int len = 0; len < bytes.length; len += len < 64 ? 1 : 37) {
            byte[] cut = Arrays.copyOf(bytes, len);
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.decode(cut), "length " + len);
            assertFalse(e.getMessage().isBlank());
        }
        Random r = new Random(1);
        for (int i = 0; i < 300; i++) {
            byte[] flipped = bytes.clone();
            int at = r.nextInt(bytes.length);
            flipped[at] ^= (byte) (1 + r.nextInt(255));
            assertThrows(CheckpointException.class, () -> Checkpoints.decode(flipped), "flip at " + at);
        }
        assertMessage(Arrays.copyOf(bytes, bytes.length - 9), "corrupt or truncated");
    }

    @Test
    void shapesThatDisagreeWithTheConfigAreRejected() {
        ModelConfig c = TestModels.tiny();
        Map<String, INDArray> tensors = new LinkedHashMap<>(RnnRbm.random(c, 1, DataType.FLOAT).parameters());
        tensors.put("Wuu", Nd4j.zeros(DataType.FLOAT, 4, 5));
        assertMessage(Checkpoints.write(c, Provenance.ofSeed(1), "none", 0, tensors), "tensor Wuu has shape [4, 5]");

        tensors.remove("Wuu");
        assertMessage(Checkpoints.write(c, Provenance.ofSeed(1), "none", 0, tensors), "lacks tensor Wuu");

        Map<String, INDArray> sgdWithoutSlots = RnnRbm.random(c, 1, DataType.FLOAT).parameters();
        assertMessage(Checkpoints.write(c, Provenance.ofSeed(1), "sgd", 3, sgdWithoutSlots), "lacks tensor sgd.velocity.W");
        assertMessage(Checkpoints.write(c, Provenance.ofSeed(1), "rmsprop", 3, sgdWithoutSlots), "unknown optimizer");

        Map<String, INDArray> extra = RnnRbm.random(c, 1, DataType.FLOAT).parameters();
        extra.put("surprise", Nd4j.zeros(DataType.FLOAT, 1, 1));
        assertMessage(Checkpoints.write(c, Provenance.ofSeed(1), "none", 0, extra), "unexpected tensors [surprise]");

        ModelConfig invalid = c.withHidden(-3);
        assertMessage(Checkpoints.write(invalid, Provenance.ofSeed(1), "none", 0, extra), "hidden must be");
    }

    private static void assertMessage(byte[] bytes, String expected) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.decode(bytes));
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }
}
