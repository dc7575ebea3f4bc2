package org.chorale.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Where output goes: numbered names for several pieces, parent folders created, atomic replace. */
public final class OutputFiles {
    private OutputFiles() {}

    /** {@code out} for one piece; {@code F-1.mid, F-2.mid, …} (before the extension) for several. */
    public static List<Path> numbered(Path out, int count) {
        if (count <= 1) return List.of(out);
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        List<Path> paths = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) paths.add(out.resolveSibling(stem + "-" + i + ext));
        return paths;
    }

    /** Writes {@code bytes} to {@code path} through a temporary file, so a reader never sees half a file. */
    public static void write(Path path, byte[] bytes) {
        try {
            Path abs = path.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CliFailure("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads a file the user named, with a one-line error when it is missing or unreadable. */
    public static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new CliFailure("cannot read " + path + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), e);
        }
    }
}
