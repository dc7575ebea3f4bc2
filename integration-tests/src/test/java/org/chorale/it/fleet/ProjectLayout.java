package org.chorale.it.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the project's files are, found from the test's working directory (the module or the project root). */
public final class ProjectLayout {
    private ProjectLayout() {}

    /** The reactor root: the nearest folder up from the working directory holding {@code workers/cli/pom.xml}. */
    public static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("workers/cli/pom.xml"))) return d;
        }
        throw new IllegalStateException("cannot find the Chorale project root above " + dir);
    }

    /**
     * The runnable jar the workers run from. The cli module builds it in its package phase, before this module in
     * the reactor; run alone, this module needs it built first.
     */
    public static Path choraleJar() {
        Path jar = root().resolve("workers/cli/target/chorale.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the fault tests run the workers from it. Build it "
                    + "with `mvn -B -o -DskipTests package -pl workers/cli -am` (the full reactor build does this "
                    + "before integration-tests).");
        }
        return jar;
    }

    /** A folder of {@code ../shared/data} next to the project, when this checkout has one. */
    public static Optional<Path> sharedData(String name) {
        Path dir = root().resolve("../shared/data").resolve(name).normalize();
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }
}
