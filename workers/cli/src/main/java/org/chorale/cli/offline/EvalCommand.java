package org.chorale.cli.offline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.chorale.cli.CheckpointFiles;
import org.chorale.cli.ChoraleCommand;
import org.chorale.cli.DatasetReader;
import org.chorale.cli.Json;
import org.chorale.model.RnnRbm;
import org.chorale.music.Dataset;
import org.chorale.music.PianoRoll;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code chorale eval}: the paper's figures of a checkpoint on a split. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates a checkpoint on a dataset split as in the paper: negative log-likelihood per time step (nats;",
                "log Z exact on small RBMs, else AIS) and expected frame accuracy, beside an independent-Bernoulli baseline",
                "fitted on the dataset's train split."})
public final class EvalCommand extends ChoraleCommand {

    @Option(names = "--checkpoint", required = true, paramLabel = "CKPT", description = "Checkpoint written by 'chorale fit'.")
    Path checkpoint;

    @Option(names = "--dataset", required = true, paramLabel = "FILE|DIR", description = "A .pickle or .json of sequences, or a folder of MIDI files.")
    Path dataset;

    @Option(names = "--split", defaultValue = "test", paramLabel = "valid|test", description = "Split to evaluate (default: ${DEFAULT-VALUE}).")
    String split;

    @Mixin EvalOptions evalOptions;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the AIS and frame-accuracy samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override protected int execute() {
        RnnRbm model = CheckpointFiles.readModel(checkpoint);
        Dataset data = DatasetReader.load(dataset, model.config().stepsPerQuarter(), err());
        List<PianoRoll> pieces = DatasetReader.split(data, split, true);
        List<PianoRoll> train = DatasetReader.split(data, "train", true);
        err().println("evaluating " + CheckpointFiles.describe(model) + " on " + pieces.size() + " " + split + " pieces...");
        err().flush();
        Validation validation = new Validation(model.config(), train, evalOptions.settings(model.config(), seed));
        Validation.Figures f = validation.measure(model, pieces);
        double baseNll = validation.baselineNll(pieces), baseAcc = validation.baselineAccuracy(pieces);
        if (json) {
            ObjectNode root = Json.object();
            root.put("checkpoint", checkpoint.toString()).put("dataset", data.name()).put("split", split)
                    .put("pieces", f.pieces()).put("steps", f.steps())
                    .put("nllPerStep", Json.finite(f.nllPerStep())).put("frameAccuracy", Json.finite(f.frameAccuracy()))
                    .put("logZ", f.method()).put("seconds", f.seconds());
            root.putObject("baseline").put("nllPerStep", Json.finite(baseNll)).put("frameAccuracy", Json.finite(baseAcc));
            out().println(Json.write(root));
        } else {
            out().printf(Locale.ROOT, "%s split of %s: %d pieces, %d steps%n", split, data.name(), f.pieces(), f.steps());
            out().printf(Locale.ROOT, "  model      NLL/step %8.3f  frame accuracy %.4f  (log Z: %s, %.1f s)%n",
                    f.nllPerStep(), f.frameAccuracy(), f.method(), f.seconds());
            out().printf(Locale.ROOT, "  Bernoulli  NLL/step %8.3f  frame accuracy %.4f  (fitted on train)%n", baseNll, baseAcc);
        }
        return 0;
    }
}
