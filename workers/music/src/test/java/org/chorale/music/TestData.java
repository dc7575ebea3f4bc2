package org.chorale.music;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared development data ({@code ../shared/data} next to the repository root). A fresh clone does not have
 * it, so tests that need it call {@link #require(String)}, which skips them when it is absent.
 */
final class TestData {
    private TestData() {}

    /** The repository root: the nearest folder upwards whose pom.xml declares modules. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<modules>")) return d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** {@code ../shared/data/<relative>} from the repository root, or skips the calling test when it is absent. */
    static Path require(String relative) {
        Path p = repoRoot().resolve("../shared/data").resolve(relative).normalize();
        assumeTrue(Files.exists(p), "shared test data not present: " + p);
        return p;
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
