package org.chorale.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Every schema version Chorale ever released, read from the classpath ({@code schemas/released/} in the source
 * tree). The decoder keeps all of them so that events written by an older worker still decode after an upgrade.
 */
public final class ReleasedSchemas {

    /** Classpath folder of the released versions and their index. */
    public static final String RESOURCE_ROOT = "org/chorale/schemas/released/";

    private static final String INDEX = "index.txt";

    /** One released version: every named type it defined, by Avro full name. */
    public record Release(int version, Map<String, Schema> schemas) {
        public Release {
            schemas = Collections.unmodifiableMap(new LinkedHashMap<>(schemas));
        }

        /** This version's schema of a type, if the version had it. */
        public Optional<Schema> schema(String fullName) {
            return Optional.ofNullable(schemas.get(fullName));
        }

        /** Only the record schemas (events and Hyperparameters), not the enums. */
        public List<Schema> records() {
            return schemas.values().stream().filter(s -> s.getType() == Schema.Type.RECORD).toList();
        }
    }

    private static volatile List<Release> cached;

    private ReleasedSchemas() {
    }

    /** All releases, oldest first. Parsed once per JVM. */
    public static List<Release> all() {
        List<Release> releases = cached;
        if (releases == null) {
            releases = load(ReleasedSchemas.class.getClassLoader());
            cached = releases;
        }
        return releases;
    }

    /** The newest release. */
    public static Release latest() {
        List<Release> releases = all();
        return releases.get(releases.size() - 1);
    }

    /** Reads the index and parses each version with its own parser (a version's named types only see each other). */
    static List<Release> load(ClassLoader loader) {
        Map<Integer, List<String>> filesByVersion = new LinkedHashMap<>();
        for (String entry : readLines(loader, RESOURCE_ROOT + INDEX)) {
            int slash = entry.indexOf('/');
            if (slash < 2 || entry.charAt(0) != 'v') {
                throw new IllegalStateException("released schema index: expected 'vN/File.avsc', got '" + entry + "'");
            }
            int version = Integer.parseInt(entry.substring(1, slash));
            filesByVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(entry);
        }
        if (filesByVersion.isEmpty()) {
            throw new IllegalStateException("released schema index lists no schema: " + RESOURCE_ROOT + INDEX);
        }
        List<Release> releases = new ArrayList<>();
        filesByVersion.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(version -> {
            Schema.Parser parser = new Schema.Parser();
            for (String file : version.getValue()) {
                try (InputStream in = open(loader, RESOURCE_ROOT + file)) {
                    parser.parse(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read released schema " + file, e);
                }
            }
            releases.add(new Release(version.getKey(), parser.getTypes()));
        });
        return List.copyOf(releases);
    }

    private static List<String> readLines(ClassLoader loader, String resource) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(open(loader, resource), StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static InputStream open(ClassLoader loader, String resource) {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + resource);
        }
        return in;
    }
}
