package org.chorale.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.chorale.events.MidiSubmitted;
import org.junit.jupiter.api.Test;

/**
 * Keeps schema evolution honest: today's schemas must read everything any released version wrote, and every
 * type must have been released (unchanged or as a compatible evolution of its last release).
 */
class SchemaCompatibilityTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));

    @Test
    void everyCurrentSchemaReadsEveryReleasedVersionOfItself() {
        List<String> problems = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : EventTypes.all()) {
            problems.addAll(incompatibilities(currentSchema(type), ReleasedSchemas.all()));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyCurrentSchemaIsReleasedOrACompatibleEvolutionOfItsLastRelease() {
        for (Class<? extends SpecificRecord> type : EventTypes.all()) {
            Schema current = currentSchema(type);
            var lastRelease = ReleasedSchemas.all().stream()
                    .filter(release -> release.schema(current.getFullName()).isPresent())
                    .reduce((older, newer) -> newer);
            assertTrue(lastRelease.isPresent(), () -> type.getSimpleName()
                    + " has never been released: copy src/main/avro to released/vN and list it in released/index.txt");
            Schema released = lastRelease.get().schema(current.getFullName()).orElseThrow();
            boolean unchanged = SchemaNormalization.parsingFingerprint64(released)
                    == SchemaNormalization.parsingFingerprint64(current);
            assertTrue(unchanged || incompatibilities(current, List.of(lastRelease.get())).isEmpty(), type.getName());
        }
    }

    @Test
    void theCheckCatchesAnIncompatibleEvolution() {
        // adding a field without a default: old data has no value for it
        Schema broken = new Schema.Parser().parse(MidiSubmitted.getClassSchema().toString()
                .replace("\"fields\":[", "\"fields\":[{\"name\":\"composer\",\"type\":\"string\"},"));

        List<String> problems = incompatibilities(broken, ReleasedSchemas.all());

        assertEquals(ReleasedSchemas.all().size(), problems.size(), "one problem per release: " + problems);
        problems.forEach(p -> assertTrue(p.contains("composer"), p));
    }

    /** The newest release is today's schemas: evolve src/main/avro, then release (copy it to released/vN+1). */
    @Test
    void theNewestReleaseIsTodaysSchemas() {
        List<ReleasedSchemas.Release> releases = ReleasedSchemas.all();
        ReleasedSchemas.Release newest = releases.get(releases.size() - 1);
        assertEquals(releases.size(), newest.version());
        for (Class<? extends SpecificRecord> type : EventTypes.all()) {
            Schema current = currentSchema(type);
            assertEquals(SchemaNormalization.parsingFingerprint64(current),
                    SchemaNormalization.parsingFingerprint64(newest.schema(current.getFullName()).orElseThrow()),
                    type.getName());
        }
    }

    @Test
    void eventTypesListsEveryRecordInTheAvroSources() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        // shared named types first, as in the pom's <imports>
        for (String named : List.of("Hyperparameters", "RejectReason", "FailureReason")) {
            parser.parse(MODULE.resolve("src/main/avro/" + named + ".avsc").toFile());
        }
        try (Stream<Path> files = Files.list(MODULE.resolve("src/main/avro"))) {
            for (Path file : files.sorted().toList()) {
                if (!parser.getTypes().containsKey("org.chorale.events." + file.getFileName().toString()
                        .replace(".avsc", ""))) {
                    parser.parse(file.toFile());
                }
            }
        }
        Set<String> records = parser.getTypes().values().stream()
                .filter(s -> s.getType() == Schema.Type.RECORD).map(Schema::getFullName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> known = EventTypes.all().stream().map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(records, known);
    }

    @Test
    void theReleasedIndexListsEveryReleasedFile() throws IOException {
        Path released = MODULE.resolve("released");
        String index = Files.readString(released.resolve("index.txt"));
        try (Stream<Path> files = Files.walk(released)) {
            List<String> unlisted = files.filter(f -> f.toString().endsWith(".avsc"))
                    .map(f -> released.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !index.lines().map(String::strip).toList().contains(f))
                    .toList();
            assertEquals(List.of(), unlisted);
        }
        assertFalse(ReleasedSchemas.latest().records().isEmpty());
    }

    private static Schema currentSchema(Class<? extends SpecificRecord> type) {
        return SpecificData.getForClass(type).getSchema(type);
    }

    /** One line per released version of {@code current}'s type whose data {@code current} cannot read. */
    static List<String> incompatibilities(Schema current, List<ReleasedSchemas.Release> releases) {
        List<String> problems = new ArrayList<>();
        for (ReleasedSchemas.Release release : releases) {
            release.schema(current.getFullName()).ifPresent(writer -> {
                var result = SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
                if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                    problems.add(current.getName() + " cannot read v" + release.version() + ": "
                            + result.getResult().getIncompatibilities());
                }
            });
        }
        return problems;
    }
}
