package org.chorale.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.chorale.events.EpochCompleted;
import org.chorale.events.EpochRequested;
import org.chorale.events.Hyperparameters;
import org.chorale.events.ModelCheckpoint;
import org.chorale.it.fleet.Fleet;
import org.chorale.it.fleet.FleetBroker;
import org.chorale.it.fleet.Models;
import org.chorale.it.fleet.SharedBroker;
import org.chorale.it.fleet.TopicLog;
import org.chorale.it.fleet.WorkerProcess;
import org.chorale.it.fleet.WorkerProcess.Role;
import org.chorale.model.CheckpointException;
import org.chorale.model.Checkpoints;
import org.chorale.music.DemoCorpus;
import org.chorale.music.NamedMidi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scenario 2: the trainer SIGKILLed mid-epoch and restarted. Epochs 1..N each complete exactly once, each epoch is
 * requested exactly once, checkpoint versions rise strictly, and the final parameters equal those of an
 * uninterrupted job with the same seed and hyperparameters trained on the same fleet under another model id.
 */
@ExtendWith(SharedBroker.class)
class TrainerCrashTest {
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final String DATASET = "crash";
    private static final long SEED = 17;

    @Test
    void anEpochKilledMidwayIsRedoneOnceAndTheModelMatchesAnUninterruptedRun(FleetBroker broker) throws Exception {
        train(broker, 4, List.of(2));
    }

    @Test
    @Tag("soak")
    void repeatedKillsOverALongerJob(FleetBroker broker) throws Exception {
        train(broker, 8, List.of(1, 3, 4, 6));
    }

    /** Trains a job of {@code epochs}, killing the trainer right after each epoch of {@code killAfter} commits. */
    private void train(FleetBroker broker, int epochs, List<Integer> killAfter) throws Exception {
        try (Fleet fleet = Fleet.create(broker, "trainer-crash")) {
            ingestDataset(fleet);
            WorkerProcess trainer = fleet.startWorker(Role.TRAINER, "trainer");
            TopicLog metrics = fleet.log(fleet.topics().trainingMetrics());
            // three Gibbs steps per update: a bit more work per epoch, so a kill lands well inside one
            Hyperparameters h = Hyperparameters.newBuilder(Models.tiny(epochs)).setCdK(3).build();

            fleet.sendEvent(fleet.topics().trainingEpochs(), "crashed", Models.firstEpoch("crashed", DATASET, h, SEED));
            for (int epoch : killAfter) {
                metrics.awaitUntil("epoch " + epoch + " of the crashed job", PATIENCE,
                        r -> completed(metrics, "crashed").containsKey(epoch));
                // the commit of epoch k carried the request for epoch k+1, which the trainer polls at once
                trainer.kill();
                // the epoch in progress at the kill: normally k+1; a later one only if the machine was very slow
                metrics.readToEnd();
                int inProgress = completed(metrics, "crashed").keySet().stream().max(Integer::compare).orElse(0) + 1;
                assertTrue(inProgress <= epochs, "the kill came after the job had finished: no epoch was interrupted");
                System.out.printf("trainer SIGKILLed during epoch %d of %d%n", inProgress, epochs);
                trainer.restart();
            }
            metrics.awaitUntil("the crashed job's last epoch", PATIENCE,
                    r -> completed(metrics, "crashed").containsKey(epochs));

            fleet.sendEvent(fleet.topics().trainingEpochs(), "reference", Models.firstEpoch("reference", DATASET, h, SEED));
            metrics.awaitUntil("the reference job's last epoch", PATIENCE,
                    r -> completed(metrics, "reference").containsKey(epochs));
            fleet.awaitConsumed(fleet.group("trainer"), fleet.topics().trainingEpochs(), PATIENCE);
            metrics.readToEnd();

            List<Integer> oneToN = IntStream.rangeClosed(1, epochs).boxed().toList();
            Map<Integer, Long> once = oneToN.stream().collect(Collectors.toMap(e -> e, e -> 1L, (a, b) -> a, TreeMap::new));
            for (String model : List.of("crashed", "reference")) {
                assertEquals(once, completed(metrics, model), model + ": EpochCompleted per epoch");
            }
            TopicLog requests = fleet.log(fleet.topics().trainingEpochs());
            requests.readToEnd();
            assertEquals(once, requests.events(EpochRequested.class).stream().filter(r -> r.getModelId().equals("crashed"))
                    .collect(Collectors.groupingBy(EpochRequested::getEpoch, TreeMap::new, Collectors.counting())),
                    "EpochRequested per epoch of the crashed job");

            TopicLog models = fleet.log(fleet.topics().models());
            models.readToEnd();
            List<ModelCheckpoint> crashed = checkpoints(models, "crashed");
            assertEquals(oneToN.stream().map(Integer::longValue).toList(),
                    crashed.stream().map(ModelCheckpoint::getVersion).toList(), "checkpoint versions in log order");

            // same seed, same data, same hyperparameters: the same numbers, epoch by epoch, and the same model
            assertEquals(costs(metrics, "reference"), costs(metrics, "crashed"), "training cost per epoch");
            double difference = maxDifference(crashed.get(epochs - 1), checkpoints(models, "reference").get(epochs - 1));
            System.out.printf("trainer crash: %d epochs, %d kill(s), largest parameter difference to the "
                    + "uninterrupted run %.3g, epoch seconds %s%n", epochs, killAfter.size(), difference,
                    metrics.events(EpochCompleted.class).stream().map(e -> String.format("%.1f", e.getSeconds())).toList());
            assertTrue(difference <= 1e-12, "final parameters differ by " + difference);
            trainer.stopGracefully();
        }
    }

    /**
     * The ten demo pieces, all for training: no validation split, so an epoch is training only (the per-epoch AIS
     * evaluation would cost far more than the epoch) and takes a second or two — long enough to be killed in.
     */
    private static void ingestDataset(Fleet fleet) {
        WorkerProcess ingest = fleet.startWorker(Role.INGEST, "ingest");
        List<NamedMidi> pieces = DemoCorpus.pieces();
        for (NamedMidi piece : pieces) {
            fleet.send(fleet.topics().midiIngest(), null, piece.name(), piece.bytes(),
                    Map.of("dataset", DATASET, "split", "train"));
        }
        fleet.awaitConsumed(fleet.group("ingest"), fleet.topics().midiIngest(), PATIENCE);
        ingest.stopGracefully(); // its CPU is the trainer's from here on
    }

    private static Map<Integer, Long> completed(TopicLog metrics, String model) {
        return metrics.events(EpochCompleted.class).stream().filter(e -> e.getModelId().equals(model))
                .collect(Collectors.groupingBy(EpochCompleted::getEpoch, TreeMap::new, Collectors.counting()));
    }

    private static List<Double> costs(TopicLog metrics, String model) {
        return metrics.events(EpochCompleted.class).stream().filter(e -> e.getModelId().equals(model))
                .map(EpochCompleted::getTrainCost).toList();
    }

    private static List<ModelCheckpoint> checkpoints(TopicLog models, String model) {
        return models.events(ModelCheckpoint.class).stream().filter(c -> c.getModelId().equals(model)).toList();
    }

    private static double maxDifference(ModelCheckpoint a, ModelCheckpoint b) throws CheckpointException {
        Map<String, INDArray> pa = Checkpoints.decodeModel(bytes(a.getParameters())).parameters();
        Map<String, INDArray> pb = Checkpoints.decodeModel(bytes(b.getParameters())).parameters();
        assertEquals(pa.keySet(), pb.keySet(), "parameter names");
        double max = 0;
        for (String name : pa.keySet()) {
            double[] x = pa.get(name).ravel().toDoubleVector();
            double[] y = pb.get(name).ravel().toDoubleVector();
            assertEquals(x.length, y.length, name);
            for (int i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
