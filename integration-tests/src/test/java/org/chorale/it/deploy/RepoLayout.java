package org.chorale.it.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's deployment files are, found from the test's working directory. */
public final class RepoLayout {
    private RepoLayout() {}

    /** The folder holding the root pom.xml (the reactor parent), walking up from the working directory. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (isReactorRoot(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no chorale-parent pom.xml above " + dir);
    }

    public static Path deploy() {
        return root().resolve("deploy");
    }

    public static Path dashboards() {
        return root().resolve("dashboards");
    }

    /** docs/metrics.md: the metric names, ports and settings contract. */
    public static Path metricsContract() {
        return root().resolve("docs/metrics.md");
    }

    public static Path rootPom() {
        return root().resolve("pom.xml");
    }

    private static boolean isReactorRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            return Files.readString(pom).contains("<artifactId>chorale-parent</artifactId>")
                    && Files.isDirectory(dir.resolve("integration-tests"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
