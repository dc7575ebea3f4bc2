package org.chorale.generator;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key constraint for composing, such as "C major", "A minor" or "D harmonic-minor": the pitch classes a piece
 * may use. The modes are the three that {@code MusicStats} measures scale consistency against, so a constrained
 * composition scores 1.0 there.
 */
public record Scale(int tonic, Mode mode) {

    /** Semitone steps above the tonic that belong to each scale. */
    public enum Mode {
        MAJOR(0, 2, 4, 5, 7, 9, 11),
        NATURAL_MINOR(0, 2, 3, 5, 7, 8, 10),
        HARMONIC_MINOR(0, 2, 3, 5, 7, 8, 11);

        private final int[] intervals;

        Mode(int... intervals) { this.intervals = intervals; }
    }

    private static final Pattern SYNTAX = Pattern.compile("([a-g])([#♯b♭]?)[\\s_-]+([a-z][a-z\\s_-]*)");
    private static final String HELP = "a scale is a tonic A..G (optionally # or b) and major, minor, "
            + "natural-minor or harmonic-minor, e.g. \"C major\", \"F# minor\", \"D harmonic-minor\"";

    public Scale {
        if (tonic < 0 || tonic > 11) throw new IllegalArgumentException("tonic pitch class must be 0..11, not " + tonic);
    }

    /**
     * Parses a scale name, case-insensitively.
     *
     * @throws IllegalArgumentException with a message saying what is accepted
     */
    public static Scale parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("cannot read scale \"" + text + "\": " + HELP);
        int tonic = switch (m.group(1).charAt(0)) {
            case 'c' -> 0; case 'd' -> 2; case 'e' -> 4; case 'f' -> 5; case 'g' -> 7; case 'a' -> 9; default -> 11;
        };
        tonic += switch (m.group(2)) { case "#", "♯" -> 1; case "b", "♭" -> -1; default -> 0; };
        Mode mode = modeNamed(m.group(3).replaceAll("[\\s_-]+", "-"))
                .orElseThrow(() -> new IllegalArgumentException("unknown mode in scale \"" + text + "\": " + HELP));
        return new Scale(Math.floorMod(tonic, 12), mode);
    }

    private static Optional<Mode> modeNamed(String name) {
        return Optional.ofNullable(switch (name) {
            case "major" -> Mode.MAJOR;
            case "minor", "natural-minor" -> Mode.NATURAL_MINOR;
            case "harmonic-minor" -> Mode.HARMONIC_MINOR;
            default -> null;
        });
    }

    /** True when the MIDI pitch's pitch class is in this scale. */
    public boolean contains(int midiPitch) {
        int step = Math.floorMod(midiPitch - tonic, 12);
        for (int i : mode.intervals) if (i == step) return true;
        return false;
    }

    /** For each pitch of {@code [lowestPitch, lowestPitch + pitchCount)}, whether this scale allows it. */
    public boolean[] allowedPitches(int lowestPitch, int pitchCount) {
        boolean[] allowed = new boolean[pitchCount];
        for (int i = 0; i < pitchCount; i++) allowed[i] = contains(lowestPitch + i);
        return allowed;
    }
}
