package org.chorale.cli.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.chorale.cli.ChoraleCommand;
import org.chorale.cli.CliFailure;
import org.chorale.cli.DurationConverter;
import org.chorale.cli.HyperparameterOptions;
import org.chorale.cli.UsageError;
import org.chorale.events.EpochCompleted;
import org.chorale.events.EpochRequested;
import org.chorale.events.ModelCheckpoint;
import org.chorale.model.ModelConfig;
import org.chorale.runtime.ChoraleConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code chorale train}: starts (or resumes) a training job — the first event of a chain of epoch events. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a training job on the fleet: sends EpochRequested(epoch 1) to chorale.training.epochs;",
                "each trainer epoch commits a checkpoint and requests the next. --resume continues from the newest checkpoint."})
public final class TrainCommand extends ChoraleCommand {

    /** Fields that fix a model's shape or grid: a resumed job cannot change them. */
    private static final List<String> SHAPE = List.of("lowestPitch", "pitchCount", "stepsPerQuarter", "stepsPerRbm",
            "onsets", "hidden", "recurrent", "recurrence");

    @Option(names = "--model", required = true, paramLabel = "M", description = "Model id (the key of its epochs and checkpoints).")
    String model;

    @Option(names = "--dataset", paramLabel = "D", description = "Dataset of chorale.pianorolls to train on (required unless --resume).")
    String dataset;

    @Mixin HyperparameterOptions hyperparameters;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the job (default 1; when resuming, the job's own).")
    Long seed;

    @Option(names = "--resume", description = "Continue from the model's newest checkpoint (raise --epochs to train longer).")
    boolean resume;

    @Option(names = "--follow", description = "Print each epoch as it completes, until the job ends.")
    boolean follow;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --follow, stop following after this long (the job goes on). Default: until the job ends.")
    Duration timeout;

    @Mixin KafkaOptions kafka;

    @Override protected int execute() {
        ChoraleConfig config = kafka.reachableConfig();
        ModelCheckpoint newest = ModelCatalog.read(config).newest(model).orElse(null);
        EpochRequested request = resume ? resumeRequest(newest) : freshRequest(newest);
        int totalEpochs = request.getHyperparameters().getEpochs();

        EpochWatch watch = follow ? EpochWatch.open(config, model) : null;
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(config)) {
            EpochRequests.send(producer, config, request);
            out().println((resume ? "resumed" : "started") + " model " + model + " on dataset " + request.getDataset()
                    + ": epoch " + request.getEpoch() + " of " + totalEpochs
                    + (request.getFromVersion() == null ? "" : " from version " + request.getFromVersion()) + ", seed " + request.getSeed());
            out().flush();
            if (watch == null) return 0;
            err().println("following " + config.topics().trainingMetrics() + " (Ctrl-C stops following; the job goes on)");
            err().flush();
            EpochCompleted last = watch.follow(e -> {
                out().println(EpochWatch.describe(e, totalEpochs));
                out().flush();
            }, timeout, () -> false);
            if (last == null) {
                out().println("still training after " + timeout.toSeconds() + " s; see 'chorale status'");
                return 0;
            }
            out().println("job done: model " + model + " version " + last.getVersion() + (last.getStoppedEarly() ? " (stopped early)" : ""));
            return 0;
        } finally {
            if (watch != null) watch.close();
        }
    }

    private EpochRequested freshRequest(ModelCheckpoint existing) {
        if (dataset == null) throw new UsageError("--dataset is required to start a job");
        if (existing != null)
            throw new CliFailure("model " + model + " already has version " + existing.getVersion() + " (epoch "
                    + existing.getEpoch() + "); use --resume to continue it, or another --model name");
        return EpochRequests.first(model, dataset, hyperparameters.toConfig(), seed == null ? 1L : seed);
    }

    private EpochRequested resumeRequest(ModelCheckpoint newest) {
        if (newest == null) throw new CliFailure("model " + model + " has no checkpoint on chorale.models to resume from");
        ModelConfig before = HyperparameterOptions.fromAvro(newest.getHyperparameters());
        ModelConfig after = hyperparameters.applyTo(before);
        Map<String, Object> was = before.toMap(), now = after.toMap();
        for (String field : SHAPE)
            if (!Objects.equals(was.get(field), now.get(field)))
                throw new UsageError("a resumed model keeps its shape: " + field + " is " + was.get(field));
        if (newest.getEpoch() >= after.epochs())
            throw new CliFailure("model " + model + " has already trained " + newest.getEpoch() + " of " + after.epochs()
                    + " epochs; give --epochs N with N > " + newest.getEpoch() + " to train longer");
        String data = dataset != null ? dataset : newest.getDataset();
        return EpochRequested.newBuilder().setModelId(model).setEpoch(newest.getEpoch() + 1).setFromVersion(newest.getVersion())
                .setHyperparameters(HyperparameterOptions.toAvro(after)).setDataset(data)
                .setSeed(seed == null ? newest.getSeed() : seed).setRequestedAt(Instant.now()).build();
    }
}
