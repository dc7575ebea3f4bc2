package org.chorale.it.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the YAML (multi-document) and JSON files of deploy/ and dashboards/ as Jackson trees.
 *
 * <p>YAML goes through SnakeYAML so anchors, aliases and {@code <<} merge keys resolve as Docker Compose resolves
 * them; duplicate keys are errors. Compose's {@code !reset} and {@code !override} tags become a one-key object
 * ({@code {"!reset": value}}) so that {@link ComposeModel} can apply them.
 */
public final class Manifests {
    /** Compose's merge-control tags. */
    public static final List<String> COMPOSE_TAGS = List.of("!reset", "!override");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Manifests() {}

    /** Every document of a YAML file, skipping empty ones (a trailing {@code ---}). */
    public static List<JsonNode> yamlDocuments(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new ComposeTagsConstructor(options));
        List<JsonNode> docs = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file)) {
            for (Object doc : yaml.loadAll(in)) {
                if (doc != null) {
                    docs.add(JSON.valueToTree(doc));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot parse " + file + ": " + e.getMessage(), e);
        }
        return docs;
    }

    /** A YAML file that must hold exactly one document. */
    public static JsonNode yaml(Path file) {
        List<JsonNode> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " holds " + docs.size() + " YAML documents, expected 1");
        }
        return docs.get(0);
    }

    /** Strict JSON (duplicate keys are errors; Grafana rejects comments and trailing commas anyway). */
    public static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Files under {@code dir} (recursively) whose names end with one of the suffixes, sorted. */
    public static List<Path> filesUnder(Path dir, String... suffixes) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text values of an array node (empty when the node is missing). */
    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** SnakeYAML's safe constructor plus Compose's tags, kept as {@code {tag: value}}. */
    private static final class ComposeTagsConstructor extends SafeConstructor {
        ComposeTagsConstructor(LoaderOptions options) {
            super(options);
            for (String tag : COMPOSE_TAGS) {
                yamlConstructors.put(new Tag(tag), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode s) {
                            value = constructScalar(s);
                        } else if (node instanceof SequenceNode s) {
                            value = constructSequence(s);
                        } else {
                            value = constructMapping((MappingNode) node);
                        }
                        return Map.of(tag, value);
                    }
                });
            }
        }
    }
}
