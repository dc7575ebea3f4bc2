package org.chorale.cli;

import org.chorale.model.Checkpoint;
import org.chorale.model.CheckpointException;
import org.chorale.model.Checkpoints;
import org.chorale.model.RnnRbm;

import java.nio.file.Path;

/** Checkpoint files on disk ({@code fit} writes them; {@code eval}, {@code sample}, {@code stats} read them). */
public final class CheckpointFiles {
    private CheckpointFiles() {}

    public static RnnRbm readModel(Path path) {
        return read(path).model();
    }

    public static Checkpoint read(Path path) {
        try {
            return Checkpoints.decode(OutputFiles.read(path));
        } catch (CheckpointException e) {
            throw new CliFailure(path + " is not a usable checkpoint: " + e.getMessage(), e);
        }
    }

    public static void write(Path path, Checkpoint checkpoint) {
        OutputFiles.write(path, Checkpoints.encode(checkpoint));
    }

    /** "demo v3 (epoch 3, seed 42)" */
    public static String describe(RnnRbm model) {
        var p = model.provenance();
        return (p.modelId().isEmpty() ? "model" : p.modelId()) + " epoch " + p.epoch() + ", seed " + p.seed()
                + ", " + model.config().visibleSize() + " visible / " + model.config().hidden() + " hidden / "
                + model.config().recurrent() + " recurrent";
    }
}
