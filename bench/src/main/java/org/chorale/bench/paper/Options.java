package org.chorale.bench.paper;

import org.chorale.model.ModelConfig;
import org.chorale.music.PianoRoll;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link PaperTable}'s command line: {@code --name value} pairs, every one optional.
 * <pre>
 *   --data DIR             benchmark folder (default ../shared/data/benchmarks)
 *   --sets a,b,c           sets to run (default jsb-chorales,nottingham,piano-midi-de)
 *   --out DIR              where JSON, PNG and the table go (default target/paper-table)
 *   --minutes M            wall-time budget per set for training + validation; 0 = none (default 0)
 *   --epochs N --patience P --pretrain-epochs N --learning-rate X --optimizer sgd|adam --momentum X
 *   --cd-k K --hidden N --recurrent N --batch N --chunk N --recurrence tanh|sigmoid --gradient-clip X --seed S
 *   --steps-per-rbm N      frames per RBM (the write-up's windowed variant; default 1)
 *   --onsets true|false    add onset (re-strike) bits to every frame (default false)
 *   --valid-every N        validate every N epochs (early stopping granularity; default 1)
 *   --valid-pieces N       validate on the first N validation pieces only; 0 = all (default 0)
 *   --valid-samples S      accuracy samples per step in validation; 0 = mean field (default 10)
 *   --ais-runs M --ais-temperatures K --accuracy-samples S   the test evaluation (default 100, 1000, 50: the paper's)
 *   --test-pieces N        test on the first N test pieces only; 0 = all (default 0)
 *   --name NAME            base name of the outputs: NAME.json, NAME-curves.png (default: the set's name;
 *                          needs a single --sets entry)
 *   --save-model           also write the best-on-validation model as a checkpoint, NAME.ckpt
 *   --checkpoint FILE      no training: load this checkpoint and only run the test evaluation (single set;
 *                          the model and training options are then ignored: the checkpoint's config is used)
 *   --render-only          rebuild paper-table.md/json from the JSON files already in --out
 * </pre>
 * The model defaults to {@link ModelConfig#paper()} with 200 epochs and patience 10.
 */
record Options(Path data, List<String> sets, Path out, double minutes, ModelConfig config, long seed, int validEvery,
               int validPieceLimit, int aisRuns, int aisTemperatures, int accuracySamples, boolean renderOnly,
               int testPieceLimit, String name, boolean saveModel, Path checkpoint) {

    private static final Set<String> FLAGS = Set.of("--render-only", "--save-model");

    static Options parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--")) throw new IllegalArgumentException("expected --option, got " + name);
            if (FLAGS.contains(name)) a.put(name, "true");
            else if (i + 1 < args.length) a.put(name, args[++i]);
            else throw new IllegalArgumentException(name + " needs a value");
        }
        ModelConfig c = ModelConfig.paper().withEpochs(200).withPatience(10);
        c = c.withEpochs(integer(a, "--epochs", c.epochs()))
                .withPatience(integer(a, "--patience", c.patience()))
                .withPretrainEpochs(integer(a, "--pretrain-epochs", c.pretrainEpochs()))
                .withLearningRate(number(a, "--learning-rate", c.learningRate()))
                .withOptimizer(a.getOrDefault("--optimizer", c.optimizer()))
                .withMomentum(number(a, "--momentum", c.momentum()))
                .withCdK(integer(a, "--cd-k", c.cdK()))
                .withHidden(integer(a, "--hidden", c.hidden()))
                .withRecurrent(integer(a, "--recurrent", c.recurrent()))
                .withBatchSize(integer(a, "--batch", c.batchSize()))
                .withChunkLength(integer(a, "--chunk", c.chunkLength()))
                .withRecurrence(a.getOrDefault("--recurrence", c.recurrence()))
                .withGradientClip(number(a, "--gradient-clip", c.gradientClip()))
                .withStepsPerRbm(integer(a, "--steps-per-rbm", c.stepsPerRbm()))
                .withOnsets(bool(a, "--onsets", c.onsets()))
                .withValidationSamples(integer(a, "--valid-samples", c.validationSamples()));
        Options o = new Options(
                Path.of(a.getOrDefault("--data", "../shared/data/benchmarks")),
                List.of(a.getOrDefault("--sets", "jsb-chorales,nottingham,piano-midi-de").split(",")),
                Path.of(a.getOrDefault("--out", "target/paper-table")),
                number(a, "--minutes", 0), c.validate(), integer(a, "--seed", 1),
                integer(a, "--valid-every", 1), integer(a, "--valid-pieces", 0),
                integer(a, "--ais-runs", 100), integer(a, "--ais-temperatures", 1000),
                integer(a, "--accuracy-samples", 50), a.containsKey("--render-only"),
                integer(a, "--test-pieces", 0), a.get("--name"), a.containsKey("--save-model"),
                a.containsKey("--checkpoint") ? Path.of(a.get("--checkpoint")) : null);
        if (o.validEvery < 1) throw new IllegalArgumentException("--valid-every must be >= 1");
        if (o.testPieceLimit < 0) throw new IllegalArgumentException("--test-pieces must be >= 0");
        // One output name (or one checkpoint) cannot stand for several sets.
        if ((o.name != null || o.checkpoint != null) && o.sets.size() != 1)
            throw new IllegalArgumentException("--name and --checkpoint need exactly one set in --sets");
        if (o.checkpoint != null && o.saveModel)
            throw new IllegalArgumentException("--save-model trains a model; --checkpoint loads one: pick one");
        return o;
    }

    /** Base name of the outputs for {@code set}: {@code --name} or the set's name. */
    String outputName(String set) {
        return name == null ? set : name;
    }

    /** The test pieces the final evaluation measures. */
    List<PianoRoll> testPieces(List<PianoRoll> test) {
        return testPieceLimit <= 0 || testPieceLimit >= test.size() ? test : test.subList(0, testPieceLimit);
    }

    /** The validation pieces early stopping looks at. */
    List<PianoRoll> validPieces(List<PianoRoll> valid) {
        return validPieceLimit <= 0 || validPieceLimit >= valid.size() ? valid : valid.subList(0, validPieceLimit);
    }

    private static int integer(Map<String, String> a, String name, int def) {
        String v = a.get(name);
        return v == null ? def : Integer.parseInt(v);
    }

    private static boolean bool(Map<String, String> a, String name, boolean def) {
        String v = a.get(name);
        if (v == null) return def;
        if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException(name + " takes true or false, got " + v);
        return Boolean.parseBoolean(v);
    }

    private static double number(Map<String, String> a, String name, double def) {
        String v = a.get(name);
        return v == null ? def : Double.parseDouble(v);
    }
}
