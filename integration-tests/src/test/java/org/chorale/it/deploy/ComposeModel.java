package org.chorale.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration Docker Compose would run for {@code -f a.yml -f b.yml}, with no variables set: later files
 * merge into earlier ones as Compose merges them, and {@code ${VAR:-default}} takes its default.
 *
 * <p>Merge rules (compose-spec "merge"): mappings merge key by key; {@code command}, {@code entrypoint} and
 * {@code healthcheck.test} are replaced; other sequences are appended (without duplicates); {@code !reset value}
 * and {@code !override value} replace whatever was there.
 */
public final class ComposeModel {
    private static final Set<String> REPLACED_SEQUENCES = Set.of("command", "entrypoint", "test");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}|\\$\\$");

    private final JsonNode root;

    private ComposeModel(JsonNode root) {
        this.root = root;
    }

    public static ComposeModel load(Path... files) {
        JsonNode merged = null;
        for (Path f : files) {
            JsonNode doc = Manifests.yaml(f);
            merged = merged == null ? resolveTags(doc) : merge(merged, doc, "");
        }
        return new ComposeModel(interpolate(merged));
    }

    public JsonNode root() {
        return root;
    }

    public JsonNode service(String name) {
        JsonNode s = root.path("services").path(name);
        if (s.isMissingNode()) {
            throw new IllegalArgumentException("no service " + name);
        }
        return s;
    }

    public List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A service's environment as a map, whichever of the two Compose forms it uses. */
    public Map<String, String> environment(String service) {
        JsonNode env = service(service).path("environment");
        Map<String, String> out = new java.util.TreeMap<>();
        if (env.isObject()) {
            env.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        } else {
            for (JsonNode item : env) {
                String[] kv = item.asText().split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return out;
    }

    /** Merges {@code override} into {@code base} (both trees are left untouched). */
    static JsonNode merge(JsonNode base, JsonNode override, String key) {
        String tag = tagOf(override);
        if (tag != null) {
            return resolveTags(override.get(tag));
        }
        if (base != null && base.isObject() && override.isObject()) {
            ObjectNode out = ((ObjectNode) base).deepCopy();
            override.fields().forEachRemaining(e ->
                    out.set(e.getKey(), merge(base.get(e.getKey()), e.getValue(), e.getKey())));
            return out;
        }
        if (base != null && base.isArray() && override.isArray() && !REPLACED_SEQUENCES.contains(key)) {
            ArrayNode out = ((ArrayNode) base).deepCopy();
            for (JsonNode item : override) {
                if (!contains(out, item)) {
                    out.add(resolveTags(item));
                }
            }
            return out;
        }
        return resolveTags(override);
    }

    /** A first file's own {@code !reset} tags simply yield their values. */
    private static JsonNode resolveTags(JsonNode node) {
        String tag = tagOf(node);
        if (tag != null) {
            return resolveTags(node.get(tag));
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), resolveTags(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(resolveTags(n)));
            return out;
        }
        return node;
    }

    private static String tagOf(JsonNode node) {
        if (node != null && node.isObject() && node.size() == 1) {
            String field = node.fieldNames().next();
            return Manifests.COMPOSE_TAGS.contains(field) ? field : null;
        }
        return null;
    }

    private static boolean contains(ArrayNode array, JsonNode item) {
        for (JsonNode n : array) {
            if (n.equals(item)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode interpolate(JsonNode node) {
        if (node.isTextual()) {
            return new TextNode(interpolate(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), interpolate(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(interpolate(n)));
            return out;
        }
        return node;
    }

    /** {@code ${VAR:-default}} / {@code ${VAR-default}} → default, {@code ${VAR}} → "", {@code $$} → {@code $}. */
    static String interpolate(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group().equals("$$") ? "$" : m.group(2) == null ? "" : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
