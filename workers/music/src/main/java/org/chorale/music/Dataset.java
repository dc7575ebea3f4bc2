package org.chorale.music;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A named corpus of rolls in its train / valid / test splits. */
public record Dataset(String name, List<PianoRoll> train, List<PianoRoll> valid, List<PianoRoll> test) {
    public static final List<String> SPLITS = List.of("train", "valid", "test");

    public Dataset {
        Objects.requireNonNull(name, "name");
        train = List.copyOf(train);
        valid = List.copyOf(valid);
        test = List.copyOf(test);
    }

    /** The split called {@code "train"}, {@code "valid"} or {@code "test"}. */
    public List<PianoRoll> split(String split) {
        return switch (split) {
            case "train" -> train;
            case "valid" -> valid;
            case "test" -> test;
            default -> throw new IllegalArgumentException("unknown split '" + split + "'; expected train, valid or test");
        };
    }

    /** All pieces: train, then valid, then test. */
    public List<PianoRoll> all() {
        List<PianoRoll> out = new ArrayList<>(size());
        out.addAll(train);
        out.addAll(valid);
        out.addAll(test);
        return out;
    }

    public int size() { return train.size() + valid.size() + test.size(); }
}
