package org.chorale.bench.paper;

import com.fasterxml.jackson.core.type.TypeReference;

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
 * Builds {@code paper-table.md} and {@code paper-table.json} from the per-set results in a folder: ours beside the
 * paper's RNN-RBM, the table's best (RNN-NADE, HF), the note 1-gram and random baselines, and the Bernoulli baseline
 * measured here; then how each set was trained and measured.
 */
final class TableWriter {
    private static final List<String> ORDER = List.of("piano-midi-de", "nottingham", "jsb-chorales");

    private TableWriter() {}

    static void write(Path folder) throws IOException {
        List<Map<String, Object>> results = read(folder);
        Files.writeString(folder.resolve("paper-table.md"), markdown(results));
        PaperTable.JSON.writeValue(folder.resolve("paper-table.json").toFile(), Map.of("sets", results));
    }

    static List<Map<String, Object>> read(Path folder) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("paper-table.json"))
                    .toList();
        }
        for (Path p : files) out.add(PaperTable.JSON.readValue(p.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {}));
        out.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        return out;
    }

    private static int rank(Map<String, Object> r) {
        int i = ORDER.indexOf(String.valueOf(r.get("set")));
        return i < 0 ? ORDER.size() : i;
    }

    @SuppressWarnings("unchecked")
    static String markdown(List<Map<String, Object>> results) {
        StringBuilder md = new StringBuilder();
        md.append("| set (test split) | ours LL/step | ours ACC % | paper RNN-RBM LL / ACC % | best LL (RNN-NADE HF) "
                + "| Note 1-gram LL | random LL | Bernoulli here LL / ACC % | ours − paper LL |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : results) {
            Map<String, Object> test = (Map<String, Object>) r.get("test");
            Map<String, Object> bern = (Map<String, Object>) r.get("bernoulliTest");
            Map<String, Object> paper = (Map<String, Object>) r.get("paper");
            double ll = num(test, "logLikelihoodPerStep"), se = num(test, "nllStandardError");
            md.append(String.format(Locale.ROOT, "| %s | %.2f ± %.2f | %.2f | %s | %s | %s | %.2f | %.2f / %.2f | %s |%n",
                    label(r), ll, se, 100 * num(test, "frameAccuracy"),
                    paper == null ? "–" : String.format(Locale.ROOT, "%.2f / %.2f", num(paper, "rnnRbmLl"), num(paper, "rnnRbmAcc")),
                    paper == null ? "–" : String.format(Locale.ROOT, "%.2f", num(paper, "bestLl")),
                    paper == null ? "–" : String.format(Locale.ROOT, "%.2f", num(paper, "noteOneGramLl")),
                    -num(r, "randomNllPerStep"), -num(bern, "nllPerStep"), 100 * num(bern, "frameAccuracy"),
                    paper == null ? "–" : String.format(Locale.ROOT, "%+.2f", ll - num(paper, "rnnRbmLl"))));
        }
        md.append("\n| set | epochs run (best) | stopped by | train / valid / total wall | lr, optimizer | CD-k | pre-train epochs "
                + "| n_h / n_u | batch × chunk | seed | test AIS (M, K) | ACC samples × Gibbs | test eval time |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : results) {
            Map<String, Object> c = (Map<String, Object>) r.get("config");
            Map<String, Object> ts = (Map<String, Object>) r.get("testSettings");
            Map<String, Object> test = (Map<String, Object>) r.get("test");
            md.append(String.format(Locale.ROOT, "| %s | %s (%s) | %s | %s / %s / %s | %s, %s (momentum %s) | %s | %s | %s / %s | %s × %s | %s | %s, %s | %s × %s | %s |%n",
                    label(r), orDash(r.get("epochsRun")), r.get("bestEpoch"), r.get("stopReason"),
                    minutes(num(r, "trainSeconds")), minutes(num(r, "validSeconds")), minutes(num(r, "wallSeconds")),
                    c.get("learningRate"), c.get("optimizer"), c.get("momentum"), c.get("cdK"), c.get("pretrainEpochs"),
                    c.get("hidden"), c.get("recurrent"), c.get("batchSize"), c.get("chunkLength"), r.get("seed"),
                    ts.get("aisRuns"), ts.get("aisTemperatures"), ts.get("accuracySamples"), ts.get("gibbsSteps"),
                    minutes(num(test, "seconds"))));
        }
        md.append("\nLL: log-likelihood per time step in nats (−NLL), ± the AIS Monte Carlo standard error. ACC: expected "
                + "frame-level accuracy TP/(TP+FP+FN) of summed counts over the test split, given the true history. "
                + "Validation (early stopping) used the per-epoch setting: AIS M=5, K=100, mean-field base.\n");
        return md.toString();
    }

    /**
     * The row's name: the set, or the run's output name when it differs (a variant, a re-measure), plus the share of
     * the test split when not all of it was measured.
     */
    @SuppressWarnings("unchecked")
    static String label(Map<String, Object> r) {
        Object name = r.get("name");
        String label = name == null || name.equals(r.get("set")) ? String.valueOf(r.get("set")) : String.valueOf(name);
        if (r.get("pieces") instanceof Map<?, ?> pieces) {
            Object used = pieces.get("testUsed"), all = pieces.get("test");
            if (used != null && !used.equals(all)) label += " (first " + used + " of " + all + " test pieces)";
        }
        if (r.get("evaluatedCheckpoint") != null) label += " (loaded checkpoint)";
        return label;
    }

    private static Object orDash(Object v) {
        return v == null ? "–" : v;
    }

    private static String minutes(double seconds) {
        if (Double.isNaN(seconds)) return "–";
        return seconds < 120 ? String.format(Locale.ROOT, "%.0f s", seconds)
                : String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
