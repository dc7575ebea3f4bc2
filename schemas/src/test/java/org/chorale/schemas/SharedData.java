package org.chorale.schemas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds {@code ../shared/data} next to the repository root; absent in a fresh clone. */
final class SharedData {

    private SharedData() {
    }

    static Optional<Path> root() {
        Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        Path repositoryRoot = null;
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml"))) {
                repositoryRoot = p; // keep walking: the root pom is the topmost one
            }
        }
        if (repositoryRoot == null || repositoryRoot.getParent() == null) {
            return Optional.empty();
        }
        Path data = repositoryRoot.getParent().resolve("shared/data");
        return Files.isDirectory(data) ? Optional.of(data) : Optional.empty();
    }
}
