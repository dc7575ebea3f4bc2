package org.chorale.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Expands FILE|DIR arguments into MIDI files: a file as given, a folder searched recursively, sorted. */
public final class MidiFiles {
    private MidiFiles() {}

    /** True for the usual Standard MIDI File extensions (.mid, .midi, .kar, .smf). */
    public static boolean looksLikeMidi(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".mid") || n.endsWith(".midi") || n.endsWith(".kar") || n.endsWith(".smf");
    }

    /**
     * Files named directly are kept whatever their extension (the user asked for them); inside folders only
     * MIDI extensions count. A missing path is an error, not silently skipped.
     */
    public static List<Path> expand(List<Path> arguments) {
        List<Path> files = new ArrayList<>();
        for (Path arg : arguments) {
            if (Files.isDirectory(arg)) {
                try (Stream<Path> walk = Files.walk(arg)) {
                    walk.filter(Files::isRegularFile).filter(MidiFiles::looksLikeMidi).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new CliFailure("cannot list " + arg + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(arg)) {
                files.add(arg);
            } else {
                throw new CliFailure("no such file or folder: " + arg);
            }
        }
        return files;
    }

    /** The piece name of a file: its name without the extension. */
    public static String pieceName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
