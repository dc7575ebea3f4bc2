package org.chorale.music;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Backs {@code chorale inspect FILE|DIR...}: what the reader makes of each file, without publishing anything. */
public final class Inspector {
    private Inspector() {}

    /** Inspects one file. Never throws: an I/O problem is reported as {@link InspectReport.Status#UNREADABLE}. */
    public static InspectReport inspect(Path file, MidiOptions options) {
        long size = -1;
        try {
            size = Files.size(file);
            MidiResult r = Datasets.readFile(file, "", options);
            if (r instanceof MidiResult.Parsed parsed)
                return new InspectReport(file.toString(), size, InspectReport.Status.PARSED, null, "", parsed.summary());
            MidiError e = ((MidiResult.Rejected) r).error();
            return new InspectReport(file.toString(), size, InspectReport.Status.REJECTED, e.reason(), e.message(), null);
        } catch (IOException | RuntimeException e) {
            return new InspectReport(file.toString(), Math.max(size, 0), InspectReport.Status.UNREADABLE, null,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    /**
     * Inspects files and, for each folder, every MIDI file ({@code .mid}, {@code .midi}, {@code .kar}) below it in
     * path order. A path that does not exist is reported as unreadable.
     */
    public static List<InspectReport> inspectAll(List<Path> paths, MidiOptions options) {
        List<InspectReport> out = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.isDirectory(path)) { out.add(inspect(path, options)); continue; }
            try (Stream<Path> s = Files.walk(path)) {
                for (Path f : s.filter(Files::isRegularFile).filter(Datasets::isMidiFile).sorted().toList())
                    out.add(inspect(f, options));
            } catch (IOException | java.io.UncheckedIOException e) {
                out.add(new InspectReport(path.toString(), 0, InspectReport.Status.UNREADABLE, null, e.getMessage(), null));
            }
        }
        return out;
    }
}
