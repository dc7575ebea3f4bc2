package org.chorale.model.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.chorale.music.PianoRoll;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The development data in ../shared/data (absent from a fresh clone: tests that need it skip). */
final class SharedData {
    private SharedData() {}

    /** ../shared/data next to the repository root (the nearest folder up from here holding a pom.xml with modules). */
    static Optional<Path> root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<modules>")) {
                    Path data = dir.resolveSibling("shared").resolve("data");
                    return Files.isDirectory(data) ? Optional.of(data) : Optional.empty();
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The file under ../shared/data, or the test is skipped. */
    static Path require(String relative) {
        Optional<Path> root = root();
        assumeTrue(root.isPresent(), "../shared/data is absent (fresh clone): skipped");
        Path file = root.get().resolve(relative);
        assumeTrue(Files.isRegularFile(file), file + " is absent: skipped");
        return file;
    }

    /**
     * A benchmark set in the JSON form of Boulanger-Lewandowski et al.: {"train": [[[60, 64], [], ...], ...], ...},
     * each piece a roll on the 88 piano keys, one quarter note per step.
     */
    static Map<String, List<PianoRoll>> benchmark(Path json) throws IOException {
        Map<String, List<PianoRoll>> splits = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(json); JsonParser p = new JsonFactory().createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String split = p.currentName();
                expect(p.nextToken(), JsonToken.START_ARRAY);
                List<PianoRoll> pieces = new ArrayList<>();
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    List<int[]> steps = new ArrayList<>();
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        List<Integer> pitches = new ArrayList<>();
                        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) pitches.add(p.getIntValue());
                        steps.add(pitches.stream().mapToInt(Integer::intValue).toArray());
                    }
                    pieces.add(PianoRoll.builder().name(split + "-" + pieces.size()).stepsPerQuarter(1)
                            .range(PianoRoll.PIANO_LOWEST, PianoRoll.PIANO_KEYS).steps(steps.toArray(int[][]::new)).build());
                }
                splits.put(split, pieces);
            }
        }
        return splits;
    }

    private static void expect(JsonToken got, JsonToken want) throws IOException {
        if (got != want) throw new IOException("malformed benchmark JSON: expected " + want + ", got " + got);
    }
}
