package org.chorale.it.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds a command on the PATH and runs it with a time limit (yamllint, promtool, bash, the tools script). */
public final class ExternalTool {
    private ExternalTool() {}

    /** The outcome of one run: exit code and stdout + stderr together. */
    public record Result(int exitCode, String output) {}

    public static Optional<Path> find(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static Result run(Path workingDir, Duration timeout, List<String> command) {
        return run(workingDir, timeout, Map.of(), false, command);
    }

    /**
     * Runs a command; {@code extraEnv} is added to (or, with {@code replaceEnv}, replaces) the environment.
     * A run past the timeout is killed and reported as a failure.
     */
    public static Result run(Path workingDir, Duration timeout, Map<String, String> extraEnv, boolean replaceEnv,
                             List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(workingDir.toFile())
                .redirectErrorStream(true);
        if (replaceEnv) {
            pb.environment().clear();
        }
        pb.environment().putAll(extraEnv);
        try {
            Path out = Files.createTempFile("chorale-tool", ".log");
            try {
                pb.redirectOutput(out.toFile());
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(command + " ran past " + timeout);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
