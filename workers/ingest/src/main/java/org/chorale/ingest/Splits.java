package org.chorale.ingest;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which split (train, valid or test) a piece belongs to.
 *
 * <p>A publisher may say (header {@code split} or the {@code MidiSubmitted.split} field). Otherwise the split is a
 * pure function of the piece id, i.e. of the music: the first 8 hex digits of the id, as an unsigned number,
 * modulo 10 — 0..7 train, 8 valid, 9 test (80/10/10). So the same piece always lands in the same split, whoever
 * publishes it and however often, and a dataset's splits stay disjoint as it grows.
 */
public final class Splits {
    public static final String TRAIN = "train";
    public static final String VALID = "valid";
    public static final String TEST = "test";
    public static final Set<String> ALL = Set.of(TRAIN, VALID, TEST);

    private Splits() {}

    /** The split for a piece with this content-hash id (hex). */
    public static String forPiece(String pieceId) {
        String head = pieceId.length() >= 8 ? pieceId.substring(0, 8) : pieceId;
        long bucket;
        try {
            bucket = Long.parseLong(head, 16) % 10;
        } catch (NumberFormatException notHex) {
            bucket = Math.floorMod(pieceId.hashCode(), 10); // ids are hex; this only keeps the function total
        }
        return bucket < 8 ? TRAIN : bucket == 8 ? VALID : TEST;
    }

    /** A split a publisher named, normalised; empty when it is not train, valid or test. */
    public static Optional<String> named(String split) {
        String s = split.strip().toLowerCase(Locale.ROOT);
        return ALL.contains(s) ? Optional.of(s) : Optional.empty();
    }
}
