package org.chorale.cli.kafka;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.chorale.cli.CliFailure;
import org.chorale.cli.DurationConverter;
import org.chorale.cli.Json;
import org.chorale.cli.LongRunningCommand;
import org.chorale.cli.WrittenPiece;
import org.chorale.events.CompositionCompleted;
import org.chorale.events.CompositionRequested;
import org.chorale.events.EpochCompleted;
import org.chorale.events.EpochRequested;
import org.chorale.model.ModelConfig;
import org.chorale.music.DemoCorpus;
import org.chorale.music.NamedMidi;
import org.chorale.runtime.ChoraleConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code chorale demo}: the whole product in one process, in minutes on a laptop — an embedded broker and the
 * three workers; the bundled public-domain pieces published to the ingest topic; a small model trained through
 * the chain of epoch events with live figures; compositions requested by event and written to {@code out/}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the whole fleet in this process: an embedded Kafka broker and the ingest, trainer and generator",
                "workers; publishes the bundled public-domain pieces, trains a small model with live figures, composes",
                "new pieces into --out, prints where everything is, and exits (or keeps running with --keep-running)."})
public final class DemoCommand extends LongRunningCommand {
    static final String MODEL = "demo";
    static final String DATASET = "demo";
    /** Keys 36..96 (C2..C7): the demo pieces barely leave it, and 61 keys train faster than 88. */
    static final int LOWEST = 36, HIGHEST = 96;
    /** The validation piece: 710 steps, a rag like most of the others. */
    static final String VALID_PIECE = "peacherine-rag";
    /** Drops the stray notes a model trained on ten pieces gives almost no weight (docs/results.md). */
    static final double MIN_NOTE_PROBABILITY = 0.02;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default 30; 1 with --quick).")
    Integer epochs;

    @Option(names = "--pieces", paramLabel = "N", description = "Pieces to compose (default 3; 2 with --quick).")
    Integer pieces;

    @Option(names = "--steps", paramLabel = "N", description = "Sixteenth-note steps per composed piece (default 256; 64 with --quick).")
    Integer steps;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "Folder for the composed MIDI files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of training and of the first piece (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep-running", description = "Leave the fleet up after composing (for Prometheus, Grafana, kcat) until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--quick", description = "The short smoke-test setting CI runs: 1 epoch, 2 pieces of 64 steps, a smaller model.")
    boolean quick;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "Give up when a stage takes longer than this (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print the final summary as JSON on stdout (progress stays on stderr).")
    boolean json;

    @Override protected int run() throws Exception {
        int epochCount = epochs != null ? epochs : quick ? 1 : 30;
        int pieceCount = pieces != null ? pieces : quick ? 2 : 3;
        int stepCount = steps != null ? steps : quick ? 64 : 256;
        if (epochCount < 1 || pieceCount < 1 || stepCount < 1) throw new org.chorale.cli.UsageError("--epochs, --pieces and --steps must be positive");

        var say = json ? err() : out();
        say.println("Chorale demo: an embedded Kafka broker and the ingest, trainer and generator workers, in this process");
        say.flush();
        long started = System.nanoTime();
        try (Fleet fleet = Fleet.start(Fleet.Settings.freePorts(), err())) {
            serving(fleet.bootstrapServers());
            ChoraleConfig config = fleet.clientConfig();
            fleet.printAddresses(say);

            // 1. ingest: every bundled piece becomes a roll or a rejection
            List<IngestWatch.Outcome> rolls = ingest(config, say);

            // 2. train a small model through the chain of epoch events
            ModelConfig model = modelConfig(epochCount);
            say.printf(Locale.ROOT, "training model '%s': %d epoch(s), %d hidden, %d recurrent, CD-%d, %s lr %s, pitches %d..%d%n",
                    MODEL, epochCount, model.hidden(), model.recurrent(), model.cdK(), model.optimizer(), model.learningRate(),
                    model.lowestPitch(), model.lowestPitch() + model.pitchCount() - 1);
            say.flush();
            EpochCompleted last = train(config, model, say);

            // 3. compose by event, write the files
            List<WrittenPiece> written = compose(config, last.getVersion(), pieceCount, stepCount, say);

            double minutes = (System.nanoTime() - started) / 60e9;
            if (json) out().println(Json.write(summaryJson(fleet, rolls.size(), last, written)));
            else summary(fleet, last, written, minutes);
            if (keepRunning) {
                say.println("the fleet keeps running (--keep-running); Ctrl-C to stop");
                say.flush();
                awaitStop();
                err().println("stopping the workers and the broker...");
                err().flush();
            }
        }
        return 0;
    }

    /**
     * The demo's hyperparameters: the settings that composed best on this corpus (docs/results.md, Compositions):
     * the paper's sizes with an LSTM recurrence, Adam at 0.01 on 16 chunks of 100 steps, 5 epochs of RBM
     * pre-training and visible biases started at the corpus's log-odds; 30 epochs. An epoch trains in ~1.5 s on two
     * cores. {@code --quick} (the CI smoke test) keeps a tiny tanh model: it proves the flow, not the music.
     */
    ModelConfig modelConfig(int epochCount) {
        ModelConfig base = ModelConfig.paper().withRange(LOWEST, HIGHEST - LOWEST + 1).withStepsPerQuarter(4);
        ModelConfig c = quick
                ? base.withHidden(32).withRecurrent(32).withCdK(3).withOptimizer(ModelConfig.SGD).withLearningRate(0.1)
                        .withMomentum(0.9).withBatchSize(4).withChunkLength(32).withValidationSamples(0)
                : base.withRecurrence(ModelConfig.LSTM).withOptimizer(ModelConfig.ADAM).withLearningRate(0.01)
                        .withBatchSize(16).withChunkLength(100).withPretrainEpochs(5)
                        .withVisibleBiasInit(ModelConfig.CORPUS_INIT).withValidationSamples(5);
        return c.withEpochs(epochCount).validate();
    }

    private List<IngestWatch.Outcome> ingest(ChoraleConfig config, java.io.PrintWriter say) {
        List<NamedMidi> corpus = DemoCorpus.pieces();
        List<Publisher.Piece> train = new ArrayList<>(), valid = new ArrayList<>();
        // one short piece validates: the trainer evaluates after every epoch, and that costs time per step
        for (NamedMidi m : corpus)
            (m.name().equals(VALID_PIECE) ? valid : train).add(new Publisher.Piece(m.name(), m.bytes()));
        if (valid.isEmpty()) valid.add(train.remove(train.size() - 1)); // the bundle changed: any piece will do
        List<Publisher.Sent> sent = new ArrayList<>();
        try (IngestWatch watch = IngestWatch.open(config); KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(config)) {
            String topic = config.topics().midiIngest();
            sent.addAll(Publisher.publish(producer, topic, train, DATASET, "train", false));
            sent.addAll(Publisher.publish(producer, topic, valid, DATASET, "valid", false));
            say.println("published " + sent.size() + " public-domain pieces to " + topic + "; waiting for the ingest worker...");
            long ingestStart = System.nanoTime();
            say.flush();
            var outcomes = watch.await(sent, timeout, this::stopRequested);
            checkNotStopped();
            if (outcomes.size() < sent.size()) throw new CliFailure("the ingest worker answered " + outcomes.size() + " of " + sent.size() + " pieces within " + timeout);
            List<IngestWatch.Outcome> accepted = IngestWatch.accepted(outcomes);
            outcomes.values().stream().filter(o -> !o.accepted()).forEach(o -> say.println("  rejected " + o.sent().name()
                    + ": " + o.rejection().getReason() + " - " + o.rejection().getDetail()));
            if (accepted.isEmpty()) throw new CliFailure("no piece was accepted by the ingest worker");
            describeRange(accepted, say, (System.nanoTime() - ingestStart) / 1e9);
            return accepted;
        }
    }

    /** What the demo's pitch range leaves out of the rolls (the ingest keeps all 88 keys; the model 61). */
    private static void describeRange(List<IngestWatch.Outcome> accepted, java.io.PrintWriter say, double seconds) {
        long steps = 0, noteSteps = 0, below = 0, above = 0;
        int trainPieces = 0;
        for (IngestWatch.Outcome o : accepted) {
            if ("train".equals(o.roll().getSplit())) trainPieces++;
            steps += o.roll().getSteps().size();
            for (List<Integer> step : o.roll().getSteps())
                for (int p : step) {
                    noteSteps++;
                    if (p < LOWEST) below++;
                    else if (p > HIGHEST) above++;
                }
        }
        say.printf(Locale.ROOT, "ingested %d rolls in %.1f s (%d train, %d valid; %d steps); the model's keys %d..%d leave out %d of %d note-steps (%.2f%%: %d below, %d above)%n",
                accepted.size(), seconds, trainPieces, accepted.size() - trainPieces, steps, LOWEST, HIGHEST, below + above, noteSteps,
                noteSteps == 0 ? 0.0 : 100.0 * (below + above) / noteSteps, below, above);
        say.flush();
    }

    private EpochCompleted train(ChoraleConfig config, ModelConfig model, java.io.PrintWriter say) {
        EpochRequested request = EpochRequests.first(MODEL, DATASET, model, seed);
        try (EpochWatch watch = EpochWatch.open(config, MODEL); KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(config)) {
            EpochRequests.send(producer, config, request);
            long start = System.nanoTime();
            EpochCompleted last = watch.follow(e -> {
                say.printf(Locale.ROOT, "  %s  [%.0f s since the request]%n", EpochWatch.describe(e, model.epochs()), (System.nanoTime() - start) / 1e9);
                say.flush();
            }, timeout, this::stopRequested);
            checkNotStopped();
            if (last == null) throw new CliFailure("training did not finish within " + timeout);
            return last;
        }
    }

    private List<WrittenPiece> compose(ChoraleConfig config, long version, int count, int stepCount, java.io.PrintWriter say) {
        say.printf("composing %d piece(s) of %d steps with model %s version %d...%n", count, stepCount, MODEL, version);
        say.flush();
        List<WrittenPiece> written = new ArrayList<>();
        try (CompositionClient client = new CompositionClient(config)) {
            List<CompositionRequested> requests = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                requests.add(CompositionRequested.newBuilder().setRequestId(MODEL + "-v" + version + "-seed" + (seed + i) + "-" + Instant.now().toEpochMilli())
                        .setModelId(MODEL).setModelVersion(version).setSteps(stepCount).setSeed(seed + i).setGibbsSteps(25)
                        .setMinNoteProbability(quick ? 0.0 : MIN_NOTE_PROBABILITY)
                        .setQpm(120.0).setRequestedAt(Instant.now()).build());
            }
            requests.forEach(client::send); // all at once: the generator answers them in one batch
            for (CompositionRequested r : requests) {
                var answer = client.await(r.getRequestId(), timeout)
                        .orElseThrow(() -> new CliFailure("no composition within " + timeout + " (request " + r.getRequestId() + ")"));
                if (answer instanceof CompositionClient.Failed f)
                    throw new CliFailure("the generator refused (" + f.event().getReason() + "): " + f.event().getDetail());
                CompositionCompleted c = ((CompositionClient.Completed) answer).event();
                Path file = out.resolve(MODEL + "-v" + c.getModelVersion() + "-seed" + c.getSeed() + ".mid");
                written.addAll(ComposeCommand.write((CompositionClient.Completed) answer, file));
            }
        }
        return written;
    }

    private void checkNotStopped() {
        if (stopRequested()) throw new CliFailure("stopped");
    }

    private void summary(Fleet fleet, EpochCompleted last, List<WrittenPiece> written, double minutes) {
        out().println();
        out().printf(Locale.ROOT, "done in %.1f min. Model '%s' version %d (%d epoch(s)%s).%n", minutes, MODEL, last.getVersion(),
                last.getEpoch(), last.getValidNllPerStep() == null ? ""
                        : String.format(Locale.ROOT, ", valid NLL/step %.3f, accuracy %.3f", last.getValidNllPerStep(),
                        last.getValidFrameAccuracy() == null ? Double.NaN : last.getValidFrameAccuracy()));
        out().println("composed (in " + out.toAbsolutePath().normalize() + "):");
        written.forEach(w -> out().println("  " + w.describe()));
        out().println("metrics and broker:");
        fleet.printAddresses(out());
        out().flush();
    }

    private ObjectNode summaryJson(Fleet fleet, int rolls, EpochCompleted last, List<WrittenPiece> written) {
        ObjectNode root = Json.object();
        root.put("broker", fleet.bootstrapServers()).put("rolls", rolls).put("model", MODEL).put("version", last.getVersion())
                .put("epochs", last.getEpoch());
        if (last.getValidNllPerStep() != null) root.put("validNllPerStep", last.getValidNllPerStep());
        if (last.getValidFrameAccuracy() != null) root.put("validFrameAccuracy", last.getValidFrameAccuracy());
        ArrayNode files = root.putArray("files");
        for (WrittenPiece w : written)
            files.addObject().put("file", w.path().toString()).put("steps", w.steps()).put("notes", w.notes()).put("seconds", w.seconds());
        ObjectNode metrics = root.putObject("metrics");
        fleet.endpoints().forEach(e -> metrics.put(e.role(), e.metricsUrl()));
        return root;
    }
}
