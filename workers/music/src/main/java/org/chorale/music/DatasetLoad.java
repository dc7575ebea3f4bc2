package org.chorale.music;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Datasets#load} produced.
 *
 * @param dataset        the pieces that were read
 * @param rejections     MIDI files of a folder that were refused, with the reason (empty for pickle/JSON)
 * @param files          for MIDI folders, the file each piece was read from, by piece name (empty otherwise)
 * @param pitchesDropped pickle/JSON: pitch-steps outside the range; MIDI: notes outside the range or on drums
 */
public record DatasetLoad(Dataset dataset, List<Rejection> rejections, Map<String, Path> files, long pitchesDropped) {

    /** A file of a MIDI folder that was refused. */
    public record Rejection(Path file, String split, MidiError error) {}

    public DatasetLoad {
        Objects.requireNonNull(dataset, "dataset");
        rejections = List.copyOf(rejections);
        files = Map.copyOf(files);
    }
}
