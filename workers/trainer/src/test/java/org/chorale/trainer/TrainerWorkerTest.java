package org.chorale.trainer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chorale.events.DeadLetter;
import org.chorale.events.EpochCompleted;
import org.chorale.events.EpochRequested;
import org.chorale.events.Hyperparameters;
import org.chorale.events.ModelCheckpoint;
import org.chorale.events.PianoRoll;
import org.chorale.events.RejectReason;
import org.chorale.model.Checkpoint;
import org.chorale.model.Checkpoints;
import org.chorale.model.ModelConfig;
import org.chorale.model.Provenance;
import org.chorale.model.TrainingSession;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.Topics;
import org.chorale.runtime.testing.KafkaBrokerExtension;
import org.chorale.runtime.testing.Records;
import org.chorale.runtime.testing.TestBroker;
import org.chorale.schemas.EventCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/** The trainer worker on a real broker: a job is a chain of epochs, each published exactly once. */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainerWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String DATASET = "chords";
    /** A tiny model on two octaves: an epoch takes well under a second. */
    private static final ModelConfig TINY = ModelConfig.paper().withRange(48, 24).withHidden(8).withRecurrent(8)
            .withCdK(1).withBatchSize(4).withChunkLength(16).withLearningRate(0.05).withValidationSamples(2).withEpochs(3);

    private final EventCodec codec = EventCodec.standard();
    private TestBroker broker;
    private Topics topics;
    private TrainerWorker worker;
    private Thread thread;
    private List<org.chorale.music.PianoRoll> trainRolls;

    @BeforeAll
    void startWorker(TestBroker broker) {
        this.broker = broker;
        String prefix = "trainer-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        topics = new Topics(prefix);
        Map<String, Object> settings = new HashMap<>(broker.fastGroupConfig());
        settings.put(ChoraleConfig.TOPIC_PREFIX, prefix);
        settings.put(ChoraleConfig.METRICS_PORT, 0);
        settings.put(ChoraleConfig.INSTANCE_ID, "trainer-test");
        settings.put(ChoraleConfig.TOPICS_PARTITIONS, 2);
        settings.put(TrainerWorker.SAMPLE_STEPS, 32);
        worker = new TrainerWorker(ChoraleConfig.of(settings));
        trainRolls = publishDataset();
        thread = new Thread(worker, "trainer-worker");
        thread.start();
    }

    @AfterAll
    void stopWorker() throws InterruptedException {
        worker.close();
        thread.join(Duration.ofSeconds(30).toMillis());
    }

    @Test
    void threeEpochsGiveThreeCheckpointsInOrderAndEndTheChain() throws Exception {
        String model = "m-" + UUID.randomUUID().toString().substring(0, 6);
        String twin = model + "-twin"; // same seed and data: must train to the very same parameters
        request(model, 1, null, TINY, 42L);
        request(twin, 1, null, TINY, 42L);
        List<EpochCompleted> completed = awaitCompleted(model, 3);
        awaitCompleted(twin, 3);

        assertEquals(List.of(1, 2, 3), completed.stream().map(EpochCompleted::getEpoch).toList());
        assertEquals(List.of(1L, 2L, 3L), completed.stream().map(EpochCompleted::getVersion).toList());
        assertEquals(List.of(false, false, true), completed.stream().map(EpochCompleted::getFinalEpoch).toList());
        for (EpochCompleted e : completed) {
            assertNotNull(e.getValidNllPerStep(), "validated on the valid split");
            assertTrue(e.getValidFrameAccuracy() >= 0 && e.getValidFrameAccuracy() <= 1);
            assertTrue(e.getBaselineNllPerStep() > 0);
            assertTrue(e.getTimesteps() > 0);
            assertEquals("trainer-test", e.getWorker());
            assertFalse(e.getMusicStats().isEmpty(), "statistics of the epoch's samples");
            assertEquals(0.0, e.getMusicStats().get("hanging_notes"), "every sampled note closes in the written file");
            assertTrue(e.getMusicStats().get("corpus_polyphony_mean") > 0, "the corpus's statistics beside them");
        }

        List<ModelCheckpoint> checkpoints = events(topics.models(), model, ModelCheckpoint.class);
        assertEquals(List.of(1L, 2L, 3L), checkpoints.stream().map(ModelCheckpoint::getVersion).toList(),
                "one checkpoint per epoch, in order, none twice");
        List<EpochRequested> requests = events(topics.trainingEpochs(), model, EpochRequested.class);
        assertEquals(List.of(1, 2, 3), requests.stream().map(EpochRequested::getEpoch).toList(), "no fourth request");
        assertEquals(java.util.Arrays.asList(null, 1L, 2L), requests.stream().map(EpochRequested::getFromVersion).toList());

        ModelCheckpoint last = checkpoints.get(2);
        Checkpoint decoded = Checkpoints.decode(bytes(last.getParameters()));
        assertEquals(3, decoded.epoch());
        assertEquals(42L, decoded.seed());
        String fingerprint = Provenance.fingerprint(trainRolls);
        assertEquals(fingerprint, last.getDatasetFingerprint(), "the exact training pieces, in piece-id order");
        assertEquals(fingerprint, decoded.provenance().datasetFingerprint());
        assertEquals(DATASET, last.getDataset());
        assertEquals(completed.get(2).getValidNllPerStep(), last.getMetrics().get("validNllPerStep"));
        double best = completed.stream().mapToDouble(EpochCompleted::getValidNllPerStep).min().orElseThrow();
        assertEquals(best, last.getMetrics().get(EarlyStopping.BEST_KEY), "best validation NLL carried from epoch to epoch");
        assertEquals(HyperparametersMapper.toAvro(TINY), last.getHyperparameters());

        List<ModelCheckpoint> twins = events(topics.models(), twin, ModelCheckpoint.class);
        for (int i = 0; i < 3; i++)
            assertSameParameters(Checkpoints.decode(bytes(checkpoints.get(i).getParameters())),
                    Checkpoints.decode(bytes(twins.get(i).getParameters())));
        assertEquals(completed.get(2).getValidNllPerStep(), awaitCompleted(twin, 3).get(2).getValidNllPerStep());

        String scrape = worker.metrics().scrape();
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith("chorale_training_checkpoint_version{")
                && l.contains("model=\"" + model + "\"") && l.endsWith(" 3.0")), scrape);
        // every training meter of docs/metrics.md, under its documented name, for this model
        for (String name : List.of("chorale_training_epoch_cost", "chorale_training_valid_nll_per_step",
                "chorale_training_valid_frame_accuracy", "chorale_training_baseline_nll_per_step",
                "chorale_training_gradient_norm", "chorale_training_epoch", "chorale_training_timesteps_per_second",
                "chorale_training_timesteps_total", "chorale_training_epoch_seconds_count",
                "chorale_training_epochs_total", "chorale_training_sample_stat", "chorale_training_corpus_stat"))
            assertTrue(scrape.lines().anyMatch(l -> l.startsWith(name + "{") && l.contains("model=\"" + model + "\"")),
                    name + " missing from the scrape");
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith("chorale_training_epochs_total{")
                && l.contains("outcome=\"completed\"") && l.contains("model=\"" + model + "\"") && l.endsWith(" 3.0")));
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith("chorale_training_sample_stat{")
                && l.contains("stat=\"polyphony_mean\"")));
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith("chorale_training_corpus_stat{")
                && l.contains("stat=\"scale_consistency\"") && l.contains("model=\"" + model + "\"")));
    }

    @Test
    void staleDuplicateAndUndecodableRequestsDoNotTrain() {
        String model = "s-" + UUID.randomUUID().toString().substring(0, 6);
        ModelConfig oneEpoch = TINY.withEpochs(1);
        request(model, 1, null, oneEpoch, 7L);
        awaitCompleted(model, 1);

        request(model, 1, null, oneEpoch, 7L);                 // the same job again: the model is already at v1
        Records.produce(broker, topics.trainingEpochs(), List.of(Map.entry(model, new byte[]{1, 2, 3})));
        request(model, 2, 1L, oneEpoch.withEpochs(2), 7L);   // a resume to two epochs: runs, after the two above
        List<EpochCompleted> completed = awaitCompleted(model, 2);

        assertEquals(List.of(1, 2), completed.stream().map(EpochCompleted::getEpoch).toList());
        assertEquals(List.of(1L, 2L), events(topics.models(), model, ModelCheckpoint.class).stream()
                .map(ModelCheckpoint::getVersion).toList(), "the stale request wrote nothing");
        List<DeadLetter> letters = events(topics.deadletter(), model, DeadLetter.class);
        assertEquals(1, letters.size());
        assertEquals(RejectReason.UNDECODABLE, letters.get(0).getReason());
        assertTrue(worker.metrics().scrape().lines().anyMatch(l -> l.startsWith("chorale_training_requests_skipped_total")
                && l.contains("model=\"" + model + "\"") && l.endsWith(" 1.0")));
    }

    @Test
    void earlyStoppingStateTravelsInTheCheckpoint() throws Exception {
        // Version 1 of a model whose checkpoint claims a best validation NLL no epoch can beat (NLL > 0).
        String model = "e-" + UUID.randomUUID().toString().substring(0, 6);
        ModelConfig job = TINY.withEpochs(5).withPatience(1);
        TrainingSession session = TrainingSession.start(job, Provenance.ofSeed(5L).withModelId(model), DataType.FLOAT);
        session.runEpoch(trainRolls);
        Map<String, Double> metrics = Map.of(EarlyStopping.BEST_KEY, 0.0, EarlyStopping.SINCE_BEST_KEY, 0.0);
        ModelCheckpoint v1 = EpochEvents.checkpoint(EpochRequested.newBuilder().setModelId(model).setEpoch(1)
                .setHyperparameters(HyperparametersMapper.toAvro(job)).setDataset(DATASET).setSeed(5L).build(),
                job, 1, "", "test", Checkpoints.encode(session.checkpoint()), metrics, Instant.now());
        Records.produce(broker, topics.models(), List.of(Map.entry(model, codec.encode(v1))));

        request(model, 2, 1L, job, 5L);
        EpochCompleted second = awaitCompleted(model, 1).get(0);
        assertEquals(2, second.getEpoch());
        assertTrue(second.getStoppedEarly(), "patience 1 and no better NLL than the stored best");
        assertTrue(second.getFinalEpoch());
        ModelCheckpoint v2 = events(topics.models(), model, ModelCheckpoint.class).get(1);
        assertEquals(0.0, v2.getMetrics().get(EarlyStopping.BEST_KEY));
        assertEquals(1.0, v2.getMetrics().get(EarlyStopping.SINCE_BEST_KEY));
        assertEquals(1, events(topics.trainingEpochs(), model, EpochRequested.class).size(), "the chain ends");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Eight two-bar pieces of random triads in C major: six to train on, two to validate. */
    private List<org.chorale.music.PianoRoll> publishDataset() {
        SplittableRandom random = new SplittableRandom(3);
        int[][] chords = {{60, 64, 67}, {65, 69, 72 - 12}, {55, 59, 62}, {57, 60, 64}};
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        List<PianoRoll> train = new ArrayList<>();
        for (int piece = 0; piece < 8; piece++) {
            int[][] steps = new int[32][];
            for (int t = 0; t < steps.length; t++) steps[t] = chords[(t / 4 + random.nextInt(2)) % chords.length];
            org.chorale.music.PianoRoll roll = org.chorale.music.PianoRoll.builder().name("piece-" + piece)
                    .stepsPerQuarter(4).range(48, 24).steps(steps).build();
            String split = piece < 6 ? "train" : "valid";
            PianoRoll event = PianoRoll.newBuilder().setPieceId(roll.contentHash()).setDataset(DATASET)
                    .setName(roll.name()).setSplit(split).setStepsPerQuarter(4).setLowestPitch(48).setPitchCount(24)
                    .setSteps(java.util.Arrays.stream(steps).map(s -> java.util.Arrays.stream(s).boxed().toList()).toList())
                    .build();
            records.add(Map.entry(DATASET + "/" + roll.contentHash(), codec.encode(event)));
            if (split.equals("train")) train.add(event);
        }
        // a piece of another dataset, which must not be trained on
        records.add(Map.entry("other/x", codec.encode(PianoRoll.newBuilder().setPieceId("x").setDataset("other")
                .setName("x").setSplit("train").setStepsPerQuarter(4).setLowestPitch(48).setPitchCount(24)
                .setSteps(List.of(List.of(50))).build())));
        Records.produce(broker, topics.pianorolls(), records);
        return train.stream().sorted(Comparator.comparing(PianoRoll::getPieceId)).map(TrainingData::toRoll).toList();
    }

    private void request(String model, int epoch, Long fromVersion, ModelConfig config, long seed) {
        EpochRequested r = EpochRequested.newBuilder().setModelId(model).setEpoch(epoch).setFromVersion(fromVersion)
                .setHyperparameters(HyperparametersMapper.toAvro(config)).setDataset(DATASET).setSeed(seed)
                .setRequestedAt(Instant.now()).build();
        Records.produce(broker, topics.trainingEpochs(), List.of(Map.entry(model, codec.encode(r))));
    }

    private List<EpochCompleted> awaitCompleted(String model, int epochs) {
        Predicate<ConsumerRecord<byte[], byte[]>> ofModel = r -> model.equals(Records.text(r.key()));
        Records.readUntil(broker, topics.trainingMetrics(), "read_committed", WAIT,
                read -> read.stream().filter(ofModel).count() >= epochs);
        return events(topics.trainingMetrics(), model, EpochCompleted.class);
    }

    /** Every committed event keyed {@code key} on {@code topic}, in offset order. */
    private <T extends org.apache.avro.specific.SpecificRecord> List<T> events(String topic, String key, Class<T> type) {
        return Records.readAllCommitted(broker, topic).stream()
                .filter(r -> key.equals(Records.text(r.key())))
                .sorted(Comparator.comparingLong(ConsumerRecord::offset))
                .map(r -> codec.decode(r.value(), type).orElseThrow()).toList();
    }

    private static void assertSameParameters(Checkpoint a, Checkpoint b) {
        Map<String, INDArray> pa = a.model().parameters(), pb = b.model().parameters();
        assertEquals(pa.keySet(), pb.keySet());
        pa.forEach((name, array) -> assertEquals(array, pb.get(name), name));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
