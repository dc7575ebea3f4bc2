package org.chorale.cli;

import org.chorale.music.Dataset;
import org.chorale.music.DatasetLoad;
import org.chorale.music.DatasetOptions;
import org.chorale.music.Datasets;
import org.chorale.music.MidiOptions;
import org.chorale.music.PianoRoll;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a {@code --dataset} argument (a pickle or JSON of sequences, or a folder of MIDI files) for every
 * command that takes one, with the same messages: how many pieces per split, how many files were refused.
 */
public final class DatasetReader {
    private DatasetReader() {}

    /**
     * Loads {@code path}; MIDI files are quantised on {@code midiStepsPerQuarter} (pickle/JSON sets carry their own
     * grid). Refused MIDI files are reported on {@code err}; a dataset with no piece at all is a failure.
     */
    public static Dataset load(Path path, int midiStepsPerQuarter, PrintWriter err) {
        if (!Files.exists(path)) throw new CliFailure("no such dataset: " + path);
        DatasetLoad load;
        try {
            DatasetOptions options = DatasetOptions.defaults()
                    .withMidi(MidiOptions.defaults().withStepsPerQuarter(midiStepsPerQuarter));
            load = Datasets.load(path, options);
        } catch (IOException | RuntimeException e) {
            throw new CliFailure("cannot read dataset " + path + ": " + e.getMessage(), e);
        }
        Dataset d = load.dataset();
        if (!load.rejections().isEmpty()) {
            err.println(load.rejections().size() + " file(s) of " + path + " refused, e.g. "
                    + load.rejections().get(0).file().getFileName() + ": " + load.rejections().get(0).error());
        }
        if (d.size() == 0) throw new CliFailure("dataset " + path + " holds no piece");
        return d;
    }

    /** One split by name, refusing an unknown name or (when {@code required}) an empty split. */
    public static List<PianoRoll> split(Dataset d, String split, boolean required) {
        List<PianoRoll> pieces;
        try {
            pieces = d.split(split);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        if (required && pieces.isEmpty()) throw new CliFailure("dataset " + d.name() + " has no '" + split + "' pieces");
        return pieces;
    }

    /** "229 train / 76 valid / 77 test pieces" */
    public static String describe(Dataset d) {
        return d.name() + ": " + d.train().size() + " train / " + d.valid().size() + " valid / " + d.test().size() + " test pieces";
    }

    /** Time steps of all pieces. */
    public static long steps(List<PianoRoll> pieces) {
        return pieces.stream().mapToLong(PianoRoll::length).sum();
    }
}
