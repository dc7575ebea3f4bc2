package org.chorale.bench.paper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.chorale.model.Backend;
import org.chorale.model.Checkpoint;
import org.chorale.model.CheckpointException;
import org.chorale.model.Checkpoints;
import org.chorale.model.EpochReport;
import org.chorale.model.ModelConfig;
import org.chorale.model.Provenance;
import org.chorale.model.RnnRbm;
import org.chorale.model.TrainingSession;
import org.chorale.model.eval.BernoulliBaseline;
import org.chorale.model.eval.EvalSettings;
import org.chorale.model.eval.Evaluation;
import org.chorale.model.eval.Evaluator;
import org.chorale.music.Dataset;
import org.chorale.music.DatasetOptions;
import org.chorale.music.Datasets;
import org.chorale.music.PianoRoll;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reproduces Table 1 of Boulanger-Lewandowski et al. (2012) for the RNN-RBM: for each benchmark set, trains with
 * the paper's setup (88 keys, n_h 150, n_u 100, CD-15 unless overridden), early-stopped on the validation split
 * only, within an epoch and wall-time budget; then measures the best-on-validation model on the test split (NLL per
 * step by AIS, expected frame accuracy) beside the paper's figures and the Bernoulli (note 1-gram) baseline fitted
 * here on the training split.
 *
 * <p>Each set writes {@code <out>/<set>.json} and {@code <out>/<set>-curves.png} as soon as it is done; the table
 * ({@code paper-table.md}, {@code paper-table.json}) is then rebuilt from every {@code <set>.json} in the folder, so
 * sets may be run one process at a time. {@code --render-only} just rebuilds the table. {@code --save-model} keeps
 * the best-on-validation model as a checkpoint, and {@code --checkpoint} re-measures such a model on the test split
 * without training (e.g. with a costlier AIS). Options: see {@link Options}.
 */
public final class PaperTable {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PaperTable() {}

    public static void main(String[] args) throws IOException {
        Options o = Options.parse(args);
        Files.createDirectories(o.out());
        if (!o.renderOnly()) {
            for (String set : o.sets()) {
                Path file = datasetFile(o.data().resolve(set));
                if (file == null) {
                    System.out.println("skipping " + set + ": no .json or .pickle under " + o.data().resolve(set));
                    continue;
                }
                String name = o.outputName(set);
                if (o.checkpoint() != null) {
                    JSON.writeValue(o.out().resolve(name + ".json").toFile(), testCheckpoint(set, file, o));
                    continue;
                }
                Map<String, Object> result = runSet(set, file, o);
                JSON.writeValue(o.out().resolve(name + ".json").toFile(), result);
                LearningCurvePlot.write(result, o.out().resolve(name + "-curves.png"));
            }
        }
        TableWriter.write(o.out());
        System.out.println(Files.readString(o.out().resolve("paper-table.md")));
    }

    /** The set's JSON file (preferred: plain, fast to parse) or its pickle. */
    static Path datasetFile(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return null;
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> list = files.filter(Files::isRegularFile).sorted().toList();
            for (String ext : List.of(".json", ".pickle"))
                for (Path p : list) if (p.getFileName().toString().endsWith(ext)) return p;
        }
        return null;
    }

    static Map<String, Object> runSet(String set, Path file, Options o) throws IOException {
        long started = System.nanoTime();
        // Described first: a failure here must not cost a finished training run.
        Map<String, Object> machine = Machine.describe();
        Dataset data = Datasets.load(file, DatasetOptions.defaults().withName(set)).dataset();
        List<PianoRoll> train = data.train(), valid = o.validPieces(data.valid()), test = o.testPieces(data.test());
        ModelConfig config = o.config().withStepsPerQuarter(train.get(0).stepsPerQuarter()).validate();
        log("%s: %d train / %d valid (used %d) / %d test pieces (used %d); %s", set, train.size(), data.valid().size(),
                valid.size(), data.test().size(), test.size(), config.toMap());

        BernoulliBaseline baseline = BernoulliBaseline.fit(config, train);
        EvalSettings perEpoch = EvalSettings.perEpoch(config).withSeed(o.seed());
        Provenance provenance = new Provenance("paper-table-" + set, set, Provenance.fingerprint(train), o.seed(), 0,
                "", System.currentTimeMillis(), Map.of());
        TrainingSession session = TrainingSession.start(config, provenance, DataType.FLOAT);

        List<Map<String, Object>> curve = new ArrayList<>();
        RnnRbm best = null;
        Evaluation bestValid = null;
        Path modelFile = o.saveModel() ? o.out().resolve(o.outputName(set) + ".ckpt") : null;
        int bestEpoch = 0, sinceBest = 0;
        String stop = "epoch limit (" + config.epochs() + ")";
        double trainSeconds = 0, validSeconds = 0, lastEpochCost = 0;
        for (int e = 1; e <= config.epochs(); e++) {
            double elapsed = (System.nanoTime() - started) / 1e9;
            if (o.minutes() > 0 && elapsed + lastEpochCost > o.minutes() * 60) {
                stop = "wall-time budget (" + o.minutes() + " min)";
                break;
            }
            long epochStart = System.nanoTime();
            EpochReport report = session.runEpoch(train);
            trainSeconds += report.seconds();
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("epoch", e);
            point.put("trainCost", report.meanCost());
            point.put("gradientNorm", report.meanGradientNorm());
            point.put("trainSeconds", report.seconds());
            boolean validate = e % o.validEvery() == 0 || e == config.epochs();
            if (validate) {
                Evaluation v = Evaluator.evaluate(session.model(), valid, perEpoch);
                validSeconds += v.seconds();
                point.put("validNllPerStep", v.nllPerStep());
                point.put("validFrameAccuracy", v.frameAccuracy());
                point.put("validSeconds", v.seconds());
                if (best == null || v.nllPerStep() < bestValid.nllPerStep()) {
                    session.setProvenance(session.provenance().withMetricsAdded(Map.of("validNllPerStep",
                            v.nllPerStep(), "validFrameAccuracy", v.frameAccuracy())));
                    Checkpoint snapshot = session.checkpoint();
                    best = snapshot.model();
                    // Written at every improvement, so a run stopped early still leaves its best model behind.
                    if (modelFile != null) Files.write(modelFile, Checkpoints.encode(snapshot));
                    bestValid = v;
                    bestEpoch = e;
                    sinceBest = 0;
                } else {
                    sinceBest += o.validEvery();
                }
                log("%s epoch %d: cost %.4f, %.0f steps/s, %.1f s | valid NLL %.3f, ACC %.2f %% [%.1f s]%s", set, e,
                        report.meanCost(), report.timeStepsPerSecond(), report.seconds(), v.nllPerStep(),
                        100 * v.frameAccuracy(), v.seconds(), bestEpoch == e ? " *" : "");
            } else {
                log("%s epoch %d: cost %.4f, %.0f steps/s, %.1f s", set, e, report.meanCost(),
                        report.timeStepsPerSecond(), report.seconds());
            }
            curve.add(point);
            lastEpochCost = (System.nanoTime() - epochStart) / 1e9;
            if (config.patience() > 0 && sinceBest >= config.patience()) {
                stop = "early stopping (no better validation NLL for " + sinceBest + " epochs)";
                break;
            }
        }
        if (best == null) { // no validation ran (e.g. zero epochs): measure the model as it is
            Checkpoint snapshot = session.checkpoint();
            best = snapshot.model();
            bestEpoch = session.epoch();
            if (modelFile != null) Files.write(modelFile, Checkpoints.encode(snapshot));
        }
        log("%s: stopped after %d epochs (%s); best on validation: epoch %d. Testing...", set, session.epoch(), stop,
                bestEpoch);

        EvalSettings final_ = testSettings(o);
        Evaluation testEval = Evaluator.evaluate(best, test, final_);
        log("%s test: %s", set, testEval);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("set", set);
        r.put("name", o.outputName(set));
        r.put("file", file.getFileName().toString());
        r.put("pieces", Map.of("train", train.size(), "valid", data.valid().size(), "validUsed", valid.size(),
                "test", data.test().size(), "testUsed", test.size()));
        if (modelFile != null) r.put("savedModel", modelFile.getFileName().toString());
        r.put("config", config.toMap());
        r.put("seed", o.seed());
        r.put("epochsRun", session.epoch());
        r.put("bestEpoch", bestEpoch);
        r.put("stopReason", stop);
        r.put("trainSeconds", trainSeconds);
        r.put("validSeconds", validSeconds);
        r.put("wallSeconds", (System.nanoTime() - started) / 1e9);
        r.put("validEvery", o.validEvery());
        r.put("validSettings", settings(perEpoch));
        r.put("testSettings", settings(final_));
        r.put("bestValid", bestValid == null ? null : evaluation(bestValid));
        putTestFigures(r, set, config, baseline, test, testEval, machine);
        r.put("curve", curve);
        return r;
    }

    /**
     * {@code --checkpoint}: the test evaluation of a model trained earlier, nothing else. The training figures
     * (epochs, wall times, curve) are left out: this process did not train; what is known of the training comes
     * from the checkpoint's provenance.
     */
    static Map<String, Object> testCheckpoint(String set, Path file, Options o) throws IOException {
        long started = System.nanoTime();
        Map<String, Object> machine = Machine.describe();
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoints.decode(Files.readAllBytes(o.checkpoint()));
        } catch (CheckpointException e) {
            throw new IOException(o.checkpoint() + " is not a usable checkpoint: " + e.getMessage(), e);
        }
        RnnRbm model = checkpoint.model();
        ModelConfig config = model.config();
        Dataset data = Datasets.load(file, DatasetOptions.defaults().withName(set)).dataset();
        List<PianoRoll> train = data.train(), test = o.testPieces(data.test());
        Provenance p = checkpoint.provenance();
        boolean sameData = p.datasetFingerprint().equals(Provenance.fingerprint(train));
        log("%s: testing checkpoint %s (epoch %d, seed %d%s) on %d of %d test pieces", set, o.checkpoint(), p.epoch(),
                p.seed(), sameData ? "" : ", WARNING: trained on other data than this training split", test.size(),
                data.test().size());
        EvalSettings final_ = testSettings(o);
        Evaluation testEval = Evaluator.evaluate(model, test, final_);
        log("%s test: %s", set, testEval);

        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("modelId", p.modelId());
        prov.put("dataset", p.dataset());
        prov.put("epoch", p.epoch());
        prov.put("seed", p.seed());
        prov.put("createdAtMillis", p.createdAtMillis());
        prov.put("metrics", p.metrics());
        prov.put("trainedOnThisTrainingSplit", sameData);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("set", set);
        r.put("name", o.outputName(set));
        r.put("file", file.getFileName().toString());
        r.put("evaluatedCheckpoint", o.checkpoint().toString());
        r.put("checkpointProvenance", prov);
        r.put("pieces", Map.of("train", train.size(), "valid", data.valid().size(), "test", data.test().size(),
                "testUsed", test.size()));
        r.put("config", config.toMap());
        r.put("seed", o.seed());
        r.put("bestEpoch", p.epoch());
        r.put("stopReason", "not trained here: loaded checkpoint");
        r.put("wallSeconds", (System.nanoTime() - started) / 1e9);
        r.put("testSettings", settings(final_));
        putTestFigures(r, set, config, BernoulliBaseline.fit(config, train), test, testEval, machine);
        return r;
    }

    /** The test figures both paths report: ours, the Bernoulli baseline's, random, the paper's, the machine. */
    private static void putTestFigures(Map<String, Object> r, String set, ModelConfig config, BernoulliBaseline baseline,
                                       List<PianoRoll> test, Evaluation testEval, Map<String, Object> machine) {
        r.put("test", evaluation(testEval));
        r.put("bernoulliTest", Map.of("nllPerStep", baseline.nllPerStep(test), "frameAccuracy",
                baseline.frameAccuracy(test)));
        r.put("randomNllPerStep", randomNllPerStep(config));
        PaperReference ref = PaperReference.of(set);
        if (ref != null) r.put("paper", ref);
        r.put("machine", machine);
    }

    /** The test split's evaluation settings: the paper's, with the options' AIS and sample counts. */
    static EvalSettings testSettings(Options o) {
        return EvalSettings.paper().withAis(o.aisRuns(), o.aisTemperatures())
                .withAccuracySamples(o.accuracySamples()).withSeed(o.seed());
    }

    /** Coin flips for every unit of one time step (not of one multi-step RBM window). */
    static double randomNllPerStep(ModelConfig config) {
        return config.framePitchUnits() * Math.log(2);
    }

    static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nllPerStep", e.nllPerStep());
        m.put("nllStandardError", e.nllStandardError());
        m.put("logLikelihoodPerStep", e.logLikelihoodPerStep());
        m.put("frameAccuracy", e.frameAccuracy());
        m.put("steps", e.steps());
        m.put("pieces", e.pieces());
        m.put("logZMethod", e.logZMethod());
        m.put("seconds", e.seconds());
        return m;
    }

    static Map<String, Object> settings(EvalSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("aisRuns", s.aisRuns());
        m.put("aisTemperatures", s.aisTemperatures());
        m.put("aisSchedule", s.aisSchedule().toString());
        m.put("aisBase", s.aisBase().toString());
        m.put("accuracySamples", s.accuracySamples());
        m.put("gibbsSteps", s.gibbsSteps());
        m.put("seed", s.seed());
        return m;
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "%tT " + format + "%n", prepend(System.currentTimeMillis(), args));
        System.out.flush();
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** Loads ND4J's backend description lazily, so {@code --render-only} never starts ND4J. */
    static final class Machine {
        static Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cpu", cpuModel());
            m.put("cores", Runtime.getRuntime().availableProcessors());
            m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            m.put("nd4jBackend", Backend.describe().name() + " (" + Backend.describe().device() + ")");
            m.put("nd4jThreads", Backend.threads());
            m.put("ompNumThreads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
            m.put("openblasCoretype", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
            return m;
        }

        static String cpuModel() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
                    if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            } catch (IOException | RuntimeException e) {
                // not Linux: fall through
            }
            return System.getProperty("os.arch");
        }
    }
}
