package org.chorale.generator;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.avro.specific.SpecificRecord;
import org.chorale.events.CompositionCompleted;
import org.chorale.events.CompositionFailed;
import org.chorale.events.CompositionRequested;
import org.chorale.events.FailureReason;
import org.chorale.events.Hyperparameters;
import org.chorale.events.ModelCheckpoint;
import org.chorale.model.Checkpoints;
import org.chorale.model.ModelConfig;
import org.chorale.model.Provenance;
import org.chorale.model.TrainingSession;
import org.chorale.music.MidiOptions;
import org.chorale.music.MidiReader;
import org.chorale.music.MidiResult;
import org.chorale.music.MidiValidator;
import org.chorale.music.MidiWriteOptions;
import org.chorale.music.MidiWriter;
import org.chorale.music.PianoRoll;
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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/** The generator worker on a real broker: every request gets exactly one answer, keyed by its id. */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratorWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ModelConfig TINY = ModelConfig.paper().withRange(48, 24).withHidden(8).withRecurrent(8)
            .withCdK(1).withBatchSize(4).withChunkLength(16).withEpochs(3);
    private final EventCodec codec = EventCodec.standard();
    private TestBroker broker;
    private Topics topics;
    private String model;
    private GeneratorWorker worker;
    private Thread thread;
    private KafkaProducer<byte[], byte[]> producer;
    private Answers answers;

    @BeforeAll
    void startWorker(TestBroker broker) {
        this.broker = broker;
        String prefix = "generator-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        topics = new Topics(prefix);
        model = "tiny";
        Map<String, Object> settings = new HashMap<>(broker.fastGroupConfig());
        settings.put(ChoraleConfig.TOPIC_PREFIX, prefix);
        settings.put(ChoraleConfig.METRICS_PORT, 0);
        settings.put(ChoraleConfig.INSTANCE_ID, "generator-test");
        settings.put(ChoraleConfig.TOPICS_PARTITIONS, 2);
        settings.put(GeneratorWorker.MAX_STEPS, 512);
        worker = new GeneratorWorker(ChoraleConfig.of(settings));
        publishCheckpoint(model, 1, 11L);
        thread = new Thread(worker, "generator-worker");
        thread.start();
        producer = new KafkaProducer<>(broker.producerConfig());
        answers = new Answers(broker, topics.compositions());
    }

    @AfterAll
    void stopWorker() throws InterruptedException {
        producer.close();
        answers.close();
        worker.close();
        thread.join(Duration.ofSeconds(30).toMillis());
    }

    @Test
    void aCompositionIsAValidMidiFileWithNotesThatSaysHowItWasMade() {
        CompositionCompleted c = completed(ask(r -> r.setSteps(64).setSeed(5L).setQpm(90.0).setProgram(19)));
        assertEquals(model, c.getModelId());
        assertEquals(1, c.getModelVersion());
        assertEquals(5L, c.getSeed());
        assertEquals(64, c.getSteps());
        byte[] midi = bytes(c.getMidi());
        assertTrue(MidiValidator.check(midi).valid(), "every note closed, tempo, metre and end of track present");
        MidiResult.Parsed parsed = assertInstanceOf(MidiResult.Parsed.class,
                MidiReader.read(midi, MidiOptions.defaults().withRange(TINY.lowestPitch(), TINY.pitchCount())));
        assertTrue(parsed.summary().noteCount() > 0, "the piece has notes");
        assertEquals(90.0, parsed.roll().qpm(), 1e-3); // MIDI stores whole microseconds per quarter
        assertTrue(parsed.summary().lowestPitch() >= 48 && parsed.summary().highestPitch() < 72);
        String text = new String(midi, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("chorale model=tiny version=1 seed=5 steps=64 gibbs=25 temperature=1.0"), text);
        assertTrue(text.contains(c.getMetadata()), "the result event carries the file's metadata text: " + c.getMetadata());
        assertTrue(c.getMetadata().contains("qpm=90.0 timeSignature=4/4 program=19 velocity=80"), c.getMetadata());
        assertFalse(c.getStats().isEmpty(), "music statistics of the piece");
        assertEquals(0.0, c.getStats().get("hanging_notes"));
    }

    @Test
    void theAnswerSaysEnoughToRegenerateThePieceExactly() {
        // no seed and no version: the answer names both, and asking with them gives the same bytes
        CompositionCompleted first = completed(ask(r -> r.setSteps(40).setTimeSignatureNumerator(3).setTimeSignatureDenominator(4)
                .setTemperature(0.9).setGibbsSteps(7).setMinNoteProbability(0.02).setScale("C major")));
        CompositionCompleted again = completed(ask(r -> r.setSteps(40).setTimeSignatureNumerator(3).setTimeSignatureDenominator(4)
                .setTemperature(0.9).setGibbsSteps(7).setMinNoteProbability(0.02).setScale("C major")
                .setSeed(first.getSeed()).setModelVersion(first.getModelVersion())));
        assertArrayEquals(bytes(first.getMidi()), bytes(again.getMidi()));
        assertEquals(first.getMetadata(), again.getMetadata());
        assertTrue(first.getMetadata().contains("gibbs=7 temperature=0.9") && first.getMetadata().contains("timeSignature=3/4")
                && first.getMetadata().contains("minNoteProbability=0.02"),
                first.getMetadata());
        byte[] midi = bytes(first.getMidi());
        assertTrue(MidiValidator.check(midi).valid());
        MidiResult.Parsed parsed = assertInstanceOf(MidiResult.Parsed.class, MidiReader.read(midi, MidiOptions.defaults()));
        assertEquals(3, parsed.roll().timeSignatureNumerator());
        assertEquals(4, parsed.roll().timeSignatureDenominator());
    }

    @Test
    void theSameSeedGivesTheSameBytesAndARetriedRequestTheSamePiece() {
        byte[] a = bytes(completed(ask(r -> r.setSteps(48).setSeed(77L))).getMidi());
        byte[] b = bytes(completed(ask(r -> r.setSteps(48).setSeed(77L))).getMidi());
        byte[] other = bytes(completed(ask(r -> r.setSteps(48).setSeed(78L))).getMidi());
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, other), "another seed, another piece");

        // No seed: the same request id (a retry) gives the same seed and the same music.
        String id = "retry-" + UUID.randomUUID();
        CompositionCompleted first = completed(ask(id, r -> r.setSteps(32)));
        CompositionCompleted again = completed(ask(id, r -> r.setSteps(32)));
        assertEquals(first.getSeed(), again.getSeed());
        assertArrayEquals(bytes(first.getMidi()), bytes(again.getMidi()));
    }

    @Test
    void severalPiecesUseConsecutiveSeeds() {
        CompositionCompleted three = completed(ask(r -> r.setSteps(32).setSeed(100L).setCount(3)));
        assertEquals(2, three.getAdditionalPieces().size());
        CompositionCompleted second = completed(ask(r -> r.setSteps(32).setSeed(101L)));
        byte[] secondOfThree = bytes(three.getAdditionalPieces().get(0));
        // same music; only the metadata text (seed=101) may differ, and it does not
        assertArrayEquals(bytes(second.getMidi()), secondOfThree);
    }

    @Test
    void aScaleKeepsEveryNoteInKey() {
        byte[] midi = bytes(completed(ask(r -> r.setSteps(64).setSeed(3L).setScale("D harmonic-minor"))).getMidi());
        PianoRoll roll = ((MidiResult.Parsed) MidiReader.read(midi, MidiOptions.defaults().withRange(48, 24))).roll();
        Scale scale = Scale.parse("D harmonic-minor");
        int notes = 0;
        for (int t = 0; t < roll.length(); t++)
            for (int p : roll.pitchesAt(t)) {
                assertTrue(scale.contains(p), "pitch " + p + " at step " + t);
                notes++;
            }
        assertTrue(notes > 0);
    }

    @Test
    void aPrimerConditionsThePieceAndMayOpenIt() {
        int[][] steps = new int[16][];
        for (int t = 0; t < 16; t++) steps[t] = t % 4 == 0 ? new int[]{60, 64, 67} : new int[0];
        PianoRoll primer = PianoRoll.builder().stepsPerQuarter(4).range(48, 24).steps(steps).qpm(100).build();
        byte[] primerMidi = MidiWriter.write(primer, MidiWriteOptions.defaults());
        CompositionCompleted c = completed(ask(r -> r.setSteps(32).setSeed(9L).setIncludePrimer(true)
                .setPrimer(ByteBuffer.wrap(primerMidi))));
        PianoRoll out = ((MidiResult.Parsed) MidiReader.read(bytes(c.getMidi()), MidiOptions.defaults().withRange(48, 24))).roll();
        assertEquals(100.0, out.qpm(), 1e-3, "tempo taken from the primer");
        assertArrayEquals(new int[]{60, 64, 67}, out.pitchesAt(0), "the primer opens the piece");
        assertArrayEquals(new int[]{60, 64, 67}, out.pitchesAt(4));
    }

    @Test
    void aNewVersionIsServedAsSoonAsItIsCommitted() {
        String other = "hot-" + UUID.randomUUID().toString().substring(0, 6);
        publishCheckpoint(other, 1, 1L);
        assertEquals(1, completed(ask(r -> r.setModelId(other).setSteps(16))).getModelVersion());
        publishCheckpoint(other, 2, 2L);
        assertEquals(2, completed(ask(r -> r.setModelId(other).setSteps(16))).getModelVersion());
        // version 1 was decoded and is still held, so it can still be asked for by number
        assertEquals(1, completed(ask(r -> r.setModelId(other).setModelVersion(1L).setSteps(16))).getModelVersion());
        assertEquals(FailureReason.UNKNOWN_VERSION, failed(ask(r -> r.setModelId(other).setModelVersion(7L))).getReason());
    }

    @Test
    void requestsThatCannotBeAnsweredWithMusicAreAnsweredWithAReason() {
        assertEquals(FailureReason.UNKNOWN_MODEL, failed(ask(r -> r.setModelId("no-such-model"))).getReason());
        assertEquals(FailureReason.BAD_REQUEST, failed(ask(r -> r.setGibbsSteps(0))).getReason());
        assertEquals(FailureReason.BAD_REQUEST, failed(ask(r -> r.setTemperature(-1.0))).getReason());
        assertEquals(FailureReason.BAD_REQUEST, failed(ask(r -> r.setScale("C lydian-dominant"))).getReason());
        assertEquals(FailureReason.TOO_LONG, failed(ask(r -> r.setSteps(513))).getReason());
        assertEquals(FailureReason.BAD_PRIMER, failed(ask(r -> r.setPrimer(ByteBuffer.wrap(new byte[]{1, 2, 3})))).getReason());
        CompositionFailed f = failed(ask(r -> r.setVelocity(0)));
        assertTrue(f.getDetail().contains("velocity"), f.getDetail());
        assertEquals(model, f.getModelId());
    }

    @Test
    void undecodableRequestsAreAnsweredUnderTheirRecordKey() {
        String key = "garbled-" + UUID.randomUUID();
        send(key, "{\"requestId\": \"x\", \"steps\": \"many\"".getBytes(StandardCharsets.UTF_8));
        CompositionFailed f = failed(answer(key));
        assertEquals(FailureReason.UNDECODABLE, f.getReason());
        assertEquals(key, f.getRequestId());
    }

    @Test
    void avroJsonRequestsAreAccepted() {
        String id = "json-" + UUID.randomUUID();
        send(id, ("{\"requestId\": \"" + id + "\", \"modelId\": \"" + model + "\", \"steps\": 24}").getBytes(StandardCharsets.UTF_8));
        assertEquals(24, completed(answer(id)).getSteps());
    }

    @Test
    void metricsCountAnswersAndTimeThem() {
        completed(ask(r -> r.setSteps(16)));
        failed(ask(r -> r.setModelId("nothing-here")));
        String scrape = worker.metrics().scrape();
        assertTrue(scrape.contains("chorale_generation_latency_seconds_bucket"), "a latency histogram");
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith("chorale_generation_requests_total")
                && l.contains("outcome=\"failed\"") && l.contains("reason=\"UNKNOWN_MODEL\"") && !l.endsWith(" 0.0")), scrape);
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith("chorale_generation_model_version")
                && l.contains("model=\"tiny\"") && l.endsWith(" 1.0")));
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith("chorale_generation_models_loaded") && !l.endsWith(" 0.0")));
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith("chorale_generation_timesteps_total") && !l.endsWith(" 0.0")));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A randomly initialised tiny model: enough to compose with, nothing to wait for. */
    private void publishCheckpoint(String modelId, long version, long seed) {
        TrainingSession session = TrainingSession.start(TINY, Provenance.ofSeed(seed).withModelId(modelId), DataType.FLOAT);
        ModelCheckpoint checkpoint = ModelCheckpoint.newBuilder().setModelId(modelId).setVersion(version)
                .setEpoch((int) version).setHyperparameters(hyperparameters(TINY)).setDataset("none")
                .setDatasetFingerprint("").setSeed(seed).setCodeVersion("test")
                .setParameters(ByteBuffer.wrap(Checkpoints.encode(session.checkpoint()))).setCreatedAt(Instant.now())
                .build();
        Records.produce(broker, topics.models(), List.of(Map.entry(modelId, codec.encode(checkpoint))));
    }

    private static Hyperparameters hyperparameters(ModelConfig c) {
        return Hyperparameters.newBuilder().setLowestPitch(c.lowestPitch()).setPitchCount(c.pitchCount())
                .setHidden(c.hidden()).setRecurrent(c.recurrent()).setCdK(c.cdK()).setBatchSize(c.batchSize())
                .setChunkLength(c.chunkLength()).setEpochs(c.epochs()).build();
    }

    private ConsumerRecord<byte[], byte[]> ask(Consumer<CompositionRequested.Builder> change) {
        return ask("req-" + UUID.randomUUID(), change);
    }

    /** Sends a request and returns its newest answer (the first, unless the id was used before). */
    private ConsumerRecord<byte[], byte[]> ask(String requestId, Consumer<CompositionRequested.Builder> change) {
        CompositionRequested.Builder b = CompositionRequested.newBuilder().setRequestId(requestId).setModelId(model)
                .setSteps(32);
        change.accept(b);
        int before = answers.count(requestId);
        send(requestId, codec.encode(b.build()));
        return answers.await(requestId, before + 1, WAIT);
    }

    private void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topics.generationRequests(), Records.utf8(key), value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ConsumerRecord<byte[], byte[]> answer(String key) {
        return answers.await(key, 1, WAIT);
    }

    private CompositionCompleted completed(ConsumerRecord<byte[], byte[]> answer) {
        SpecificRecord event = codec.decode(answer.value()).orElseThrow();
        if (event instanceof CompositionFailed f) fail("failed: " + f.getReason() + ": " + f.getDetail());
        return (CompositionCompleted) event;
    }

    private CompositionFailed failed(ConsumerRecord<byte[], byte[]> answer) {
        SpecificRecord event = codec.decode(answer.value()).orElseThrow();
        return assertInstanceOf(CompositionFailed.class, event, "expected a failure");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
