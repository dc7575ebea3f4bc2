package org.chorale.cli.offline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.chorale.cli.CheckpointFiles;
import org.chorale.cli.ChoraleCommand;
import org.chorale.cli.CodeVersion;
import org.chorale.cli.DatasetReader;
import org.chorale.cli.HyperparameterOptions;
import org.chorale.cli.Json;
import org.chorale.cli.UsageError;
import org.chorale.cli.Progress;
import org.chorale.model.Checkpoint;
import org.chorale.model.EpochReport;
import org.chorale.model.ModelConfig;
import org.chorale.model.Provenance;
import org.chorale.model.SampleSettings;
import org.chorale.model.TrainingSession;
import org.chorale.model.eval.SampleFidelity;
import org.chorale.music.Dataset;
import org.chorale.music.PianoRoll;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code chorale fit}: trains a model on a dataset file or folder, offline, and writes a checkpoint. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains an RNN-RBM offline on a dataset (pickle, JSON, or a folder of MIDI files) and writes a checkpoint:",
                "by default the best on the validation split when there is one, else the last (see --keep-best)."})
public final class FitCommand extends ChoraleCommand {

    @Option(names = "--dataset", required = true, paramLabel = "FILE|DIR", description = "A .pickle or .json of sequences, or a folder of MIDI files (train/valid/test subfolders optional).")
    Path dataset;

    @Option(names = "--split", defaultValue = "train", paramLabel = "SPLIT", description = "Split to train on (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--valid-split", defaultValue = "valid", paramLabel = "SPLIT", description = "Split to validate on after each epoch; 'none' skips validation (default: ${DEFAULT-VALUE}).")
    String validSplit;

    @Mixin HyperparameterOptions hyperparameters;

    @Mixin EvalOptions evalOptions;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of every random choice (default: ${DEFAULT-VALUE}); same seed and data = same model.")
    long seed;

    @Option(names = "--model-id", paramLabel = "NAME", description = "Name stored in the checkpoint (default: the output file's name).")
    String modelId;

    @Option(names = "--out", required = true, paramLabel = "CKPT", description = "Checkpoint file to write.")
    Path out;

    @Option(names = "--json", description = "Print the per-epoch figures and the result as JSON on stdout.")
    boolean json;

    @Option(names = "--keep-best", defaultValue = "valid", paramLabel = "valid|music|last", description = {
            "Which epoch's checkpoint to write (default: ${DEFAULT-VALUE}).",
            "valid: the lowest validation NLL (the last epoch's without validation).",
            "music: the samples closest to the training corpus, i.e. the smallest worst relative difference in "
                    + "polyphony, unique pitches, pitch range, scale consistency and note length (samples drawn after "
                    + "every epoch, with the same seed).",
            "last: the last epoch's.",
            "--patience counts epochs without a better value of the measure kept by."})
    String keepBest;

    @Option(names = "--music-samples", defaultValue = "100", paramLabel = "N", description = "--keep-best music: pieces sampled after each epoch; fewer cost less and pick less reliably (default: ${DEFAULT-VALUE}).")
    int musicSamples;

    @Option(names = "--music-steps", defaultValue = "256", paramLabel = "N", description = "--keep-best music: steps per piece; the corpus is compared in excerpts of this length (default: ${DEFAULT-VALUE}).")
    int musicSteps;

    @Option(names = "--music-min-note-probability", defaultValue = "0", paramLabel = "P", description = "--keep-best music: sample as you will compose, with this note floor (see compose --min-note-probability; default: ${DEFAULT-VALUE}).")
    double musicMinNoteProbability;

    private static final String KEEP_VALID = "valid", KEEP_MUSIC = "music", KEEP_LAST = "last";
    /** The random stream of the --keep-best music samples: one seed for every epoch (see TrainingSession.seedFor). */
    private static final long MUSIC_STREAM = 0x6d75736963L;

    @Override protected int execute() throws Exception {
        if (!List.of(KEEP_VALID, KEEP_MUSIC, KEEP_LAST).contains(keepBest))
            throw new UsageError("--keep-best must be valid, music or last, got " + keepBest);
        ModelConfig config = hyperparameters.toConfig();
        Dataset data = DatasetReader.load(dataset, config.stepsPerQuarter(), err());
        List<PianoRoll> train = DatasetReader.split(data, split, true);
        List<PianoRoll> valid = "none".equals(validSplit) ? List.of() : DatasetReader.split(data, validSplit, false);
        config = adoptDataGrid(config, train.get(0));
        String name = modelId != null ? modelId : out.getFileName().toString().replaceFirst("\\.[^.]*$", "");

        err().println(DatasetReader.describe(data) + "; training on " + train.size() + " " + split + " pieces ("
                + DatasetReader.steps(train) + " steps)" + (valid.isEmpty() ? ", no validation" : ", validating on " + valid.size() + " " + validSplit));
        reportRange(config, train);

        Provenance provenance = new Provenance(name, data.name(), Provenance.fingerprint(train), seed, 0,
                CodeVersion.current(), System.currentTimeMillis(), Map.of());
        TrainingSession session = TrainingSession.start(config, provenance, DataType.FLOAT);
        Validation validation = valid.isEmpty() ? null : new Validation(config, train, evalOptions.settings(config, seed));
        Double baselineNll = validation == null ? null : validation.baselineNll(valid);
        SampleFidelity fidelity = KEEP_MUSIC.equals(keepBest) ? musicFidelity(train, session) : null;
        boolean byValidation = KEEP_VALID.equals(keepBest) && validation != null;

        ArrayNode epochs = Json.mapper().createArrayNode();
        Checkpoint best = null;
        double bestValue = Double.POSITIVE_INFINITY; // validation NLL or worst relative difference: lower is better
        int sinceBest = 0;
        double lastSeconds = 0, lastValidationSeconds = 0;
        boolean terminal = Progress.interactive();
        for (int e = 1; e <= config.epochs(); e++) {
            Progress bar = Progress.start(err(), terminal, String.format(Locale.ROOT, "epoch %d/%d", e, config.epochs()));
            EpochReport report = bar.whileRunning(lastSeconds, () -> session.runEpoch(train));
            lastSeconds = report.seconds();
            Validation.Figures figures = null;
            if (validation != null) {
                bar.clear();
                Progress validating = Progress.start(err(), terminal, String.format(Locale.ROOT, "epoch %d/%d validating", e, config.epochs()));
                figures = validating.whileRunning(lastValidationSeconds, () -> validation.measure(session.model(), valid));
                lastValidationSeconds = figures.seconds();
                validating.clear();
            }

            SampleFidelity.Score music = fidelity == null ? null : fidelity.score(session.model());

            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("trainCost", report.meanCost());
            metrics.put("gradientNorm", report.meanGradientNorm());
            if (figures != null) {
                metrics.put("validNllPerStep", figures.nllPerStep());
                metrics.put("validFrameAccuracy", figures.frameAccuracy());
                metrics.put("baselineNllPerStep", baselineNll);
            }
            if (music != null) {
                metrics.put("musicWorstRelativeDifference", music.worst());
                music.relativeDifference().forEach((k, d) -> metrics.put("music_" + k, d));
            }
            session.setProvenance(session.provenance().withMetrics(metrics).withCreatedAtMillis(System.currentTimeMillis()));
            bar.finish(epochLine(report, figures, baselineNll) + musicLine(music));
            epochs.add(epochJson(report, figures, music));

            Double value = byValidation ? Double.valueOf(figures.nllPerStep()) : music != null ? Double.valueOf(music.worst()) : null;
            if (value == null) continue;
            if (value < bestValue) {
                bestValue = value;
                best = session.checkpoint();
                sinceBest = 0;
            } else if (config.patience() > 0 && ++sinceBest >= config.patience()) {
                err().println("stopping early: no better " + (byValidation ? "validation NLL" : "sample statistics")
                        + " for " + sinceBest + " epoch(s)");
                break;
            }
        }
        Checkpoint chosen = best != null ? best : session.checkpoint();
        CheckpointFiles.write(out, chosen);
        String which = best == null ? "last (epoch " + chosen.epoch() + ")"
                : (byValidation ? "best on validation" : "samples closest to the corpus") + " (epoch " + chosen.epoch() + ")";
        if (json) {
            ObjectNode root = Json.object();
            root.put("checkpoint", out.toString()).put("epoch", chosen.epoch())
                    .put("chosen", best == null ? "last" : byValidation ? "best-valid" : "best-music");
            root.putPOJO("config", config.toMap());
            if (baselineNll != null) root.put("baselineNllPerStep", baselineNll);
            root.set("epochs", epochs);
            out().println(Json.write(root));
        } else {
            out().println("wrote " + out + ": " + which + ", " + chosen.provenance().metrics());
        }
        return 0;
    }

    /** Pickle/JSON sets carry their own grid (JSB: one step per quarter); unless the user chose one, use it. */
    private ModelConfig adoptDataGrid(ModelConfig config, PianoRoll first) {
        if (hyperparameters.gave("stepsPerQuarter") || first.stepsPerQuarter() == config.stepsPerQuarter())
            return config;
        err().println("using the dataset's grid: " + first.stepsPerQuarter() + " step(s) per quarter note");
        return config.withStepsPerQuarter(first.stepsPerQuarter());
    }

    private void reportRange(ModelConfig config, List<PianoRoll> train) {
        long outside = 0, total = 0;
        for (PianoRoll r : train) {
            outside += r.countOutside(config.lowestPitch(), config.pitchCount());
            for (int t = 0; t < r.length(); t++) total += r.polyphonyAt(t);
        }
        if (outside > 0)
            err().printf(Locale.ROOT, "%d of %d note-steps (%.2f%%) lie outside the model's pitches %d..%d and are ignored%n",
                    outside, total, 100.0 * outside / total, config.lowestPitch(), config.lowestPitch() + config.pitchCount() - 1);
    }

    private static String epochLine(EpochReport r, Validation.Figures f, Double baseline) {
        String line = String.format(Locale.ROOT, "epoch %d: cost %.4f, grad norm %.3f, %.0f steps/s, %.1f s",
                r.epoch(), r.meanCost(), r.meanGradientNorm(), r.timeStepsPerSecond(), r.seconds());
        if (f == null) return line;
        return line + String.format(Locale.ROOT, " | valid NLL/step %.3f (baseline %.3f), frame accuracy %.3f [%s, %.1f s]",
                f.nllPerStep(), baseline, f.frameAccuracy(), f.method(), f.seconds());
    }

    private static ObjectNode epochJson(EpochReport r, Validation.Figures f, SampleFidelity.Score music) {
        ObjectNode o = Json.object();
        o.put("epoch", r.epoch()).put("trainCost", Json.finite(r.meanCost())).put("gradientNorm", Json.finite(r.meanGradientNorm()))
                .put("timeSteps", r.timeSteps()).put("seconds", r.seconds());
        if (f != null) o.put("validNllPerStep", Json.finite(f.nllPerStep())).put("validFrameAccuracy", Json.finite(f.frameAccuracy()));
        if (music != null) {
            o.put("musicWorstRelativeDifference", Json.finite(music.worst()));
            ObjectNode d = o.putObject("musicRelativeDifference");
            music.relativeDifference().forEach((k, v) -> d.put(k, Json.finite(v)));
        }
        return o;
    }

    private static String musicLine(SampleFidelity.Score music) {
        if (music == null) return "";
        return String.format(Locale.ROOT, " | samples vs corpus: worst %+.1f%% (%s)", 100 * music.relativeDifference()
                .get(music.worstStatistic()), music.worstStatistic());
    }

    /** --keep-best music: the samples every epoch is judged by, one seed for all epochs. */
    private SampleFidelity musicFidelity(List<PianoRoll> train, TrainingSession session) {
        if (musicSamples < 1 || musicSteps < 1) throw new UsageError("--music-samples and --music-steps must be positive");
        SampleSettings settings = SampleSettings.of(musicSteps, TrainingSession.seedFor(seed, MUSIC_STREAM))
                .withCount(musicSamples).withMinNoteProbability(musicMinNoteProbability).withName("keep-best-music");
        try {
            return SampleFidelity.against(train, session.model(), settings);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--keep-best music: " + e.getMessage());
        }
    }
}
