package org.chorale.cli.offline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.chorale.cli.CheckpointFiles;
import org.chorale.cli.ChoraleCommand;
import org.chorale.cli.CompositionOptions;
import org.chorale.cli.Json;
import org.chorale.cli.OutputFiles;
import org.chorale.cli.WrittenPiece;
import org.chorale.model.RnnRbm;
import org.chorale.model.SampleSettings;
import org.chorale.model.Sampler;
import org.chorale.music.MidiWriter;
import org.chorale.music.MusicStats;
import org.chorale.music.PianoRollImage;
import org.chorale.music.PianoRoll;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code chorale sample}: composes from a checkpoint file, no Kafka. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Composes new pieces from a checkpoint file (offline) and writes them as MIDI.")
public final class SampleCommand extends ChoraleCommand {

    @Option(names = "--checkpoint", required = true, paramLabel = "CKPT", description = "Checkpoint written by 'chorale fit'.")
    Path checkpoint;

    @Mixin CompositionOptions composition;

    @Option(names = "--out", required = true, paramLabel = "F.mid", description = "Output file (F-1.mid, F-2.mid, ... with --count > 1).")
    Path out;

    @Option(names = "--json", description = "Print what was written as JSON.")
    boolean json;

    @Option(names = "--png", description = "Also draw each piece as a piano-roll picture beside its MIDI file (F.png).")
    boolean png;

    @Override protected int execute() {
        RnnRbm model = CheckpointFiles.readModel(checkpoint);
        long seed = composition.seedOrRandom();
        String name = model.provenance().modelId().isEmpty() ? "chorale" : model.provenance().modelId();
        SampleSettings settings = composition.toSampleSettings(model.config(), seed, name);
        long start = System.nanoTime();
        Sampler.Samples samples = new Sampler(model).sampleCounting(settings);
        List<PianoRoll> pieces = samples.pieces();
        double seconds = (System.nanoTime() - start) / 1e9;

        List<Path> paths = OutputFiles.numbered(out, pieces.size());
        List<WrittenPiece> written = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            // an offline checkpoint's version is its epoch
            String metadata = composition.metadata(name, String.valueOf(model.provenance().epoch()), settings, i);
            byte[] midi = MidiWriter.write(pieces.get(i), composition.writeOptions(settings.qpm(), metadata));
            written.add(WrittenPiece.write(paths.get(i), midi, model.config().stepsPerQuarter()));
            if (png) OutputFiles.write(pngPath(paths.get(i)), PianoRollImage.png(pieces.get(i), 100_000, 4));
        }
        if (json) {
            ArrayNode files = Json.mapper().createArrayNode();
            for (int i = 0; i < written.size(); i++) {
                WrittenPiece w = written.get(i);
                ObjectNode o = files.addObject();
                o.put("file", w.path().toString()).put("seed", seed + i).put("steps", w.steps()).put("notes", w.notes())
                        .put("seconds", w.seconds()).put("bytes", w.bytes());
            }
            ObjectNode root = Json.object();
            root.put("checkpoint", checkpoint.toString()).put("samplingSeconds", seconds)
                    .put("metadata", composition.metadata(name, String.valueOf(model.provenance().epoch()), settings, 0));
            root.putPOJO("stats", MusicStats.of(pieces, samples.invalidStates()).asMap());
            root.set("files", files);
            out().println(Json.write(root));
        } else {
            out().printf("composed %d piece(s) from %s in %.1f s (seed %d, k=%d, temperature %s)%n", pieces.size(),
                    CheckpointFiles.describe(model), seconds, seed, settings.gibbsSteps(), settings.temperature());
            written.forEach(w -> out().println("  " + w.describe()));
        }
        return 0;
    }

    static Path pngPath(Path midi) {
        String name = midi.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return midi.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".png");
    }
}
