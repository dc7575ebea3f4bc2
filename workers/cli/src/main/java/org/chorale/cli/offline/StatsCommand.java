package org.chorale.cli.offline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.chorale.cli.CheckpointFiles;
import org.chorale.cli.ChoraleCommand;
import org.chorale.cli.DatasetReader;
import org.chorale.cli.Json;
import org.chorale.cli.MidiFiles;
import org.chorale.cli.OutputFiles;
import org.chorale.cli.UsageError;
import org.chorale.model.RnnRbm;
import org.chorale.model.SampleSettings;
import org.chorale.model.Sampler;
import org.chorale.model.VisibleEncoding;
import org.chorale.model.eval.SampleFidelity;
import org.chorale.music.Dataset;
import org.chorale.music.MidiOptions;
import org.chorale.music.MidiReader;
import org.chorale.music.MidiResult;
import org.chorale.music.MusicStats;
import org.chorale.music.PianoRoll;
import org.chorale.music.PianoRollImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code chorale stats}: music statistics of a corpus, of a model's samples, or the two side by side. */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Music statistics (polyphony, empty frames, unique pitches, range, scale consistency, note length, bar",
                "repetition, pitch-class histogram, hanging notes, invalid states) of MIDI files or a dataset split; with --checkpoint, of samples from the model too, side by side",
                "with the relative difference (generated vs corpus)."})
public final class StatsCommand extends ChoraleCommand {

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR", description = "MIDI files or folders (the corpus).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--dataset", paramLabel = "FILE|DIR", description = "A dataset (pickle, JSON, MIDI folder) as the corpus.")
    Path dataset;

    @Option(names = "--split", paramLabel = "SPLIT", description = "Split of --dataset (default: all pieces).")
    String split;

    @Option(names = "--checkpoint", paramLabel = "CKPT", description = "Also sample this model and compare.")
    Path checkpoint;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "10", description = "Pieces to sample (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--steps", paramLabel = "S|corpus", defaultValue = "256", description = "Steps per sampled piece, or "
            + "'corpus': piece i as long as corpus piece i*size/samples, so that length-dependent statistics (unique "
            + "pitches, range) compare pieces of the same lengths (default: ${DEFAULT-VALUE}).")
    String steps;

    @Option(names = "--excerpts", description = "Cut the corpus into consecutive excerpts of --steps steps (the rest of a "
            + "piece dropped; pieces shorter than that kept whole), so that per-piece statistics compare generated pieces "
            + "with corpus passages of the same length.")
    boolean excerpts;

    @Option(names = "--gibbs", paramLabel = "K", defaultValue = "25", description = "Gibbs steps per sampled step (default: ${DEFAULT-VALUE}).")
    int gibbs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the first sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--mean-field-final", description = "End each sampled step with the thresholded mean field instead of a sample.")
    boolean meanFieldFinal;

    @Option(names = "--min-note-probability", paramLabel = "P", defaultValue = "0", description = "Drop sampled notes whose probability given the chain's last hidden state is below P (default: ${DEFAULT-VALUE}).")
    double minNoteProbability;

    @Option(names = "--corpus-as-read", description = "With --checkpoint, measure the corpus as read rather than as the model sees it (its pitch range; re-strikes merged when it has no onset bits).")
    boolean asRead;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Option(names = "--png", paramLabel = "DIR", description = "Draw the first --png-pieces pieces of each set as piano rolls into DIR (corpus-1.png, generated-1.png, ...).")
    Path pngDir;

    @Option(names = "--png-pieces", paramLabel = "N", defaultValue = "3", description = "Pieces per set to draw with --png (default: ${DEFAULT-VALUE}).")
    int pngPieces;

    @Option(names = "--png-steps", paramLabel = "S", defaultValue = "128", description = "Steps drawn per piece with --png (default: ${DEFAULT-VALUE}).")
    int pngSteps;

    @Override protected int execute() {
        if (!paths.isEmpty() && dataset != null) throw new UsageError("give MIDI files or --dataset, not both");
        if (paths.isEmpty() && dataset == null && checkpoint == null)
            throw new UsageError("nothing to measure: give MIDI files, --dataset or --checkpoint");
        RnnRbm model = checkpoint == null ? null : CheckpointFiles.readModel(checkpoint);
        int grid = model == null ? 4 : model.config().stepsPerQuarter();

        List<PianoRoll> corpus = corpus(grid);
        if (corpus != null && model != null && !asRead) {
            // compare like with like: the corpus on the model's range and, without onset bits, with re-strikes merged
            VisibleEncoding encoding = new VisibleEncoding(model.config());
            corpus = corpus.stream().map(encoding::asSeenByModel).toList();
        }
        if (excerpts && corpus != null) corpus = SampleFidelity.excerpts(corpus, positive(steps));
        Sampler.Samples sampled = model == null ? null : sample(model, corpus);
        List<PianoRoll> generated = sampled == null ? null : sampled.pieces();
        MusicStats cs = corpus == null ? null : MusicStats.of(corpus);
        MusicStats gs = sampled == null ? null : MusicStats.of(generated, sampled.invalidStates());
        Map<String, Double> c = cs == null ? null : withHistogram(cs);
        Map<String, Double> g = gs == null ? null : withHistogram(gs);
        if (pngDir != null) {
            if (corpus != null) drawPieces("corpus", corpus);
            if (generated != null) drawPieces("generated", generated);
        }

        if (json) {
            ObjectNode root = Json.object();
            if (c != null) root.putPOJO("corpus", c).put("corpusPieces", corpus.size()).put("corpusSteps", steps(corpus));
            if (g != null) root.putPOJO("generated", g).put("generatedPieces", generated.size())
                    .put("generatedSteps", steps(generated));
            if (c != null && g != null) root.putPOJO("relativeDifference", SampleFidelity.relativeDifferences(c, g));
            out().println(Json.write(root));
            return 0;
        }
        if (c != null && g != null) {
            out().printf("%-20s %12s %12s %10s%n", "statistic", "generated", "corpus", "rel. diff");
            Map<String, Double> d = SampleFidelity.relativeDifferences(c, g);
            for (String k : c.keySet())
                out().printf(Locale.ROOT, "%-20s %12.4f %12.4f %10s%n", k, g.get(k), c.get(k),
                        d.get(k) == null ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", 100 * d.get(k)));
            out().println("(" + generated.size() + " generated pieces of " + (CORPUS_LENGTHS.equals(steps)
                    ? "the corpus's lengths" : steps + " steps") + " vs " + corpus.size() + " corpus "
                    + (excerpts ? "excerpts)" : "pieces)"));
        } else {
            Map<String, Double> only = c != null ? c : g;
            only.forEach((k, v) -> out().printf(Locale.ROOT, "%-20s %12.4f%n", k, v));
            out().println("(" + (c != null ? corpus.size() + " corpus" : generated.size() + " generated") + " pieces)");
        }
        return 0;
    }

    private static long steps(List<PianoRoll> pieces) {
        return pieces.stream().mapToLong(PianoRoll::length).sum();
    }

    /** The scalar statistics, then the pitch-class histogram. */
    private static Map<String, Double> withHistogram(MusicStats s) {
        Map<String, Double> m = new LinkedHashMap<>(s.asMap());
        m.putAll(s.histogramMap());
        return m;
    }

    private void drawPieces(String prefix, List<PianoRoll> pieces) {
        for (int i = 0; i < Math.min(pngPieces, pieces.size()); i++) {
            Path file = pngDir.resolve(prefix + "-" + (i + 1) + ".png");
            OutputFiles.write(file, PianoRollImage.png(pieces.get(i), pngSteps, 4));
            err().println("drew " + file + " (" + pieces.get(i).name() + ")");
        }
    }

    private List<PianoRoll> corpus(int grid) {
        if (dataset != null) {
            Dataset d = DatasetReader.load(dataset, grid, err());
            return split == null ? d.all() : DatasetReader.split(d, split, true);
        }
        if (paths.isEmpty()) return null;
        MidiOptions options = MidiOptions.defaults().withStepsPerQuarter(grid);
        List<PianoRoll> rolls = new ArrayList<>();
        for (Path f : MidiFiles.expand(paths)) {
            MidiResult r = MidiReader.read(OutputFiles.read(f), MidiFiles.pieceName(f), options);
            if (r instanceof MidiResult.Parsed p) rolls.add(p.roll());
            else err().println("skipped " + f + ": " + ((MidiResult.Rejected) r).error());
        }
        if (rolls.isEmpty()) throw new org.chorale.cli.CliFailure("no MIDI file parsed");
        return rolls;
    }

    private static final String CORPUS_LENGTHS = "corpus";

    /** Pieces drawn from the model: --samples of --steps each, or of the lengths of corpus pieces. */
    private Sampler.Samples sample(RnnRbm model, List<PianoRoll> corpus) {
        Sampler sampler = new Sampler(model);
        if (!CORPUS_LENGTHS.equals(steps)) return sample(sampler, positive(steps), samples, seed);
        if (corpus == null) throw new UsageError("--steps corpus needs a corpus (MIDI files or --dataset)");
        if (samples < 1) throw new UsageError("--samples must be positive");
        // Piece i is drawn alone with seed + i: the same piece as the i-th of one request of `samples` pieces.
        Sampler.Samples[] one = new Sampler.Samples[samples];
        java.util.stream.IntStream.range(0, samples).parallel().forEach(i -> {
            int length = Math.max(1, corpus.get((int) ((long) i * corpus.size() / samples)).length());
            one[i] = sample(sampler, length, 1, seed + i);
        });
        List<PianoRoll> pieces = new ArrayList<>();
        long invalid = 0;
        for (Sampler.Samples s : one) {
            pieces.addAll(s.pieces());
            invalid += s.invalidStates();
        }
        return new Sampler.Samples(pieces, invalid);
    }

    private Sampler.Samples sample(Sampler sampler, int length, int count, long firstSeed) {
        if (count < 1) throw new UsageError("--samples must be positive");
        SampleSettings s = SampleSettings.of(length, firstSeed).withCount(count).withGibbsSteps(gibbs)
                .withTemperature(temperature).withMeanFieldFinal(meanFieldFinal)
                .withMinNoteProbability(minNoteProbability).withName("sample");
        try {
            s.validate(sampler.config());
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        return sampler.sampleCounting(s);
    }

    private static int positive(String steps) {
        try {
            int n = Integer.parseInt(steps);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new UsageError("--steps must be a positive number of steps or 'corpus', got " + steps);
    }
}
