package org.chorale.cli.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.chorale.bench.TrainingBench;
import org.chorale.cli.CliFailure;
import org.chorale.events.CompositionRequested;
import org.chorale.events.EpochCompleted;
import org.chorale.model.ModelConfig;
import org.chorale.model.RnnRbm;
import org.chorale.model.SampleSettings;
import org.chorale.model.Sampler;
import org.chorale.model.TrainingSession;
import org.chorale.model.eval.BernoulliBaseline;
import org.chorale.model.eval.EvalSettings;
import org.chorale.model.eval.Evaluator;
import org.chorale.music.DemoCorpus;
import org.chorale.music.NamedMidi;
import org.chorale.music.PianoRoll;
import org.chorale.runtime.ChoraleConfig;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Speed side by side, in one run (issue 8): the model's training throughput against the GEMM roofline of the same
 * shapes ({@link TrainingBench}); the Kafka fleet's epoch time against the same epochs in process; and composition
 * latency through Kafka against in-process sampling for the same request. Prints the ratios; with
 * {@code --out FILE} also writes them as JSON.
 *
 * <p>Both sides do the same work per epoch: train on the demo corpus, then validate on its validation piece with
 * the per-epoch settings (the trainer's per-epoch music-statistics samples are switched off). The in-process side
 * runs first (after one warm-up epoch, so JIT is warm for both), then the fleet starts: an embedded KRaft broker and
 * the ingest, trainer and generator workers in this process, as {@code chorale demo} runs them.
 *
 * <p>It lives in the CLI module because it drives the CLI's fleet, which already depends on the bench module.
 * Options: {@code --epochs N} (3), {@code --compositions N} (5), {@code --steps N} (256), {@code --quick}.
 */
public final class SpeedTable {
    private static final String MODEL = "speed";
    private static final String DATASET = "speed";

    private SpeedTable() {}

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean quick = a.contains("--quick");
        int epochs = intArg(a, "--epochs", quick ? 1 : 3);
        int compositions = intArg(a, "--compositions", quick ? 2 : 5);
        int steps = intArg(a, "--steps", 256);
        Path out = a.contains("--out") ? Path.of(a.get(a.indexOf("--out") + 1)) : null;
        PrintWriter say = new PrintWriter(System.out, true);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("loadAverageBefore", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        say.println("1. training throughput vs the ND4J gemm roofline (paper shapes, TrainingBench)");
        Map<String, Object> roofline = TrainingBench.run("paper", ModelConfig.paper(), quick, true);
        results.put("training", roofline);
        say.printf(Locale.ROOT, "   %,.0f steps/s, %.1f GFLOP/s achieved vs %.1f GFLOP/s gemm roofline on the same shapes: %.0f %%%n",
                roofline.get("trainingStepsPerSecond"), roofline.get("achievedGflops"), roofline.get("gemmRooflineGflops"),
                100 * (double) roofline.get("fractionOfRoofline"));
        say.printf(Locale.ROOT, "   per CPU second of this process (what counts on shared cores): %.1f vs %.1f GFLOP: %.0f %%%n",
                roofline.get("achievedGflopsPerCpuSecond"), roofline.get("gemmRooflineGflopsPerCpuSecond"),
                100 * (double) roofline.get("fractionOfRooflineCpu"));

        ModelConfig config = new DemoCommand().modelConfig(epochs);
        List<NamedMidi> corpus = DemoCorpus.pieces();
        Map<String, Object> fleetSide;
        try (Fleet fleet = Fleet.start(Fleet.Settings.freePorts().withExtraSettings(
                Map.of("chorale.trainer.sample-count", "0")), new PrintWriter(System.err, true))) {
            ChoraleConfig client = fleet.clientConfig();
            List<IngestWatch.Outcome> rolls = ingest(client, corpus);
            List<PianoRoll> train = new ArrayList<>(), valid = new ArrayList<>();
            for (IngestWatch.Outcome o : rolls)
                ("valid".equals(o.roll().getSplit()) ? valid : train).add(toRoll(o.roll()));

            say.printf(Locale.ROOT, "2. epoch time, %d epochs on the demo corpus (%d train / %d valid pieces, %d hidden, CD-%d)%n",
                    epochs, train.size(), valid.size(), config.hidden(), config.cdK());
            InProcess inProcess = inProcessEpochs(config, train, valid, epochs);
            fleetSide = fleetEpochs(client, config, epochs);
            double fleetEpoch = (double) fleetSide.get("epochSeconds");
            say.printf(Locale.ROOT, "   in process %.2f s/epoch, fleet %.2f s/epoch (of which the trainer reports %.2f s of training): overhead %+.1f %%%n",
                    inProcess.epochSeconds, fleetEpoch, fleetSide.get("workerEpochSeconds"),
                    100 * (fleetEpoch / inProcess.epochSeconds - 1));
            results.put("epochs", Map.of("epochs", epochs, "inProcessEpochSeconds", inProcess.epochSeconds,
                    "fleetEpochSeconds", fleetEpoch, "fleetTrainerTrainingSeconds", fleetSide.get("workerEpochSeconds"),
                    "overheadPercent", 100 * (fleetEpoch / inProcess.epochSeconds - 1)));

            say.printf(Locale.ROOT, "3. composition latency, %d steps, k = 25 Gibbs steps, %d requests each way%n", steps, compositions);
            long version = (long) fleetSide.get("version");
            double[] kafka = kafkaCompositions(client, version, compositions, steps);
            double[] local = localCompositions(inProcess.model, compositions, steps);
            double kafkaMedian = median(Arrays.copyOfRange(kafka, 1, kafka.length)), localMedian = median(local);
            say.printf(Locale.ROOT, "   through Kafka: first %.3f s (loads the model), then median %.3f s; in process median %.3f s: "
                    + "overhead %+.1f %% (%.0f ms)%n", kafka[0], kafkaMedian, localMedian,
                    100 * (kafkaMedian / localMedian - 1), 1000 * (kafkaMedian - localMedian));
            results.put("compositions", Map.of("steps", steps, "gibbsSteps", 25, "requests", compositions,
                    "kafkaFirstSeconds", kafka[0], "kafkaMedianSeconds", kafkaMedian, "inProcessMedianSeconds", localMedian,
                    "overheadPercent", 100 * (kafkaMedian / localMedian - 1)));
        }
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), results);
            say.println("wrote " + out);
        }
        System.exit(0); // Kafka client threads may linger a moment after close; the figures are out
    }

    private record InProcess(double epochSeconds, RnnRbm model) {}

    /** One warm-up epoch, then {@code epochs} timed epochs of train + validate, as the trainer does them. */
    private static InProcess inProcessEpochs(ModelConfig config, List<PianoRoll> train, List<PianoRoll> valid, int epochs) {
        TrainingSession warm = TrainingSession.start(config, 99);
        epoch(warm, config, train, valid);
        TrainingSession session = TrainingSession.start(config, 1);
        long start = System.nanoTime();
        for (int e = 0; e < epochs; e++) epoch(session, config, train, valid);
        return new InProcess((System.nanoTime() - start) / 1e9 / epochs, session.model());
    }

    private static void epoch(TrainingSession s, ModelConfig config, List<PianoRoll> train, List<PianoRoll> valid) {
        s.runEpoch(train);
        Evaluator.evaluate(s.model(), valid, EvalSettings.perEpoch(config));
        BernoulliBaseline.fit(config, train).nllPerStep(valid);
    }

    private static List<IngestWatch.Outcome> ingest(ChoraleConfig config, List<NamedMidi> corpus) {
        List<Publisher.Piece> train = new ArrayList<>(), valid = new ArrayList<>();
        for (NamedMidi m : corpus)
            (m.name().equals(DemoCommand.VALID_PIECE) ? valid : train).add(new Publisher.Piece(m.name(), m.bytes()));
        if (valid.isEmpty()) valid.add(train.remove(train.size() - 1));
        try (IngestWatch watch = IngestWatch.open(config); KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(config)) {
            String topic = config.topics().midiIngest();
            List<Publisher.Sent> sent = new ArrayList<>(Publisher.publish(producer, topic, train, DATASET, "train", false));
            sent.addAll(Publisher.publish(producer, topic, valid, DATASET, "valid", false));
            var outcomes = watch.await(sent, Duration.ofMinutes(5), () -> false);
            if (outcomes.size() < sent.size()) throw new CliFailure("ingest answered " + outcomes.size() + " of " + sent.size());
            return IngestWatch.accepted(outcomes);
        }
    }

    /** Wall time from the request to the final EpochCompleted, per epoch; and the trainer's own mean figure. */
    private static Map<String, Object> fleetEpochs(ChoraleConfig config, ModelConfig model, int epochs) {
        List<Double> worker = new ArrayList<>();
        try (EpochWatch watch = EpochWatch.open(config, MODEL); KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(config)) {
            long start = System.nanoTime();
            EpochRequests.send(producer, config, EpochRequests.first(MODEL, DATASET, model, 1));
            EpochCompleted last = watch.follow(e -> worker.add(e.getSeconds()), Duration.ofMinutes(30), () -> false);
            if (last == null) throw new CliFailure("the fleet did not finish " + epochs + " epochs within 30 min");
            double wall = (System.nanoTime() - start) / 1e9;
            return Map.of("epochSeconds", wall / epochs, "version", last.getVersion(),
                    "workerEpochSeconds", worker.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
        }
    }

    /** Round-trip seconds of each request, sent one after the other. */
    private static double[] kafkaCompositions(ChoraleConfig config, long version, int n, int steps) {
        double[] seconds = new double[n];
        try (CompositionClient client = new CompositionClient(config)) {
            for (int i = 0; i < n; i++) {
                CompositionRequested r = CompositionRequested.newBuilder()
                        .setRequestId(MODEL + "-" + i + "-" + Instant.now().toEpochMilli()).setModelId(MODEL)
                        .setModelVersion(version).setSteps(steps).setSeed(7L + i).setGibbsSteps(25).setQpm(120.0)
                        .setRequestedAt(Instant.now()).build();
                long start = System.nanoTime();
                client.send(r);
                var answer = client.await(r.getRequestId(), Duration.ofMinutes(5))
                        .orElseThrow(() -> new CliFailure("no composition within 5 min"));
                if (answer instanceof CompositionClient.Failed f)
                    throw new CliFailure("the generator refused: " + f.event().getDetail());
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
        }
        return seconds;
    }

    private static double[] localCompositions(RnnRbm model, int n, int steps) {
        Sampler sampler = new Sampler(model);
        sampler.sample(SampleSettings.of(steps, 1).withGibbsSteps(25)); // warm-up
        double[] seconds = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            sampler.sample(SampleSettings.of(steps, 7 + i).withGibbsSteps(25));
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        return seconds;
    }

    /** The event's roll as the model library's roll (as the trainer converts it). */
    private static PianoRoll toRoll(org.chorale.events.PianoRoll e) {
        int[][] steps = new int[e.getSteps().size()][];
        for (int t = 0; t < steps.length; t++) steps[t] = e.getSteps().get(t).stream().mapToInt(Integer::intValue).toArray();
        return PianoRoll.builder().name(e.getName()).stepsPerQuarter(e.getStepsPerQuarter())
                .range(e.getLowestPitch(), e.getPitchCount()).steps(steps).build();
    }

    private static double median(double[] xs) {
        if (xs.length == 0) return Double.NaN;
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static int intArg(List<String> a, String name, int def) {
        int i = a.indexOf(name);
        return i < 0 ? def : Integer.parseInt(a.get(i + 1));
    }
}
