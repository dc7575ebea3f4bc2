package org.chorale.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/**
 * Turns hand-written JSON into the strict Avro JSON encoding before Avro's decoder reads it.
 *
 * <p>Why: Avro's JSON decoder wants every field present and every union value wrapped ({@code {"long": 7}}), which
 * is hostile to a shell script sending a request with kcat. Here, missing fields take their schema default and a
 * bare union value is wrapped in the first branch its JSON kind fits. Unknown fields are refused, so a typo
 * ({@code "sed": 7}) is an error instead of a silently ignored setting. Strict Avro JSON passes through unchanged.
 */
final class AvroJsonNormalizer {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** JSON that does not fit the schema; the message names the path of the problem. */
    static final class BadJson extends Exception {
        BadJson(String message) {
            super(message, null, false, false);
        }
    }

    private AvroJsonNormalizer() {
    }

    /** The strict Avro JSON form of {@code json} for {@code schema}. */
    static String normalize(String json, Schema schema) throws BadJson {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadJson("not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw new BadJson("no JSON value");
        }
        JsonNode normalized = normalize(tree, schema, schema.getName());
        try {
            return MAPPER.writeValueAsString(normalized);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot re-serialise a JSON tree", e);
        }
    }

    private static JsonNode normalize(JsonNode node, Schema schema, String path) throws BadJson {
        return switch (schema.getType()) {
            case RECORD -> record(node, schema, path);
            case UNION -> union(node, schema, path);
            case ARRAY -> {
                if (!node.isArray()) {
                    throw new BadJson(path + ": expected an array, got " + node.getNodeType());
                }
                ArrayNode items = NODES.arrayNode(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(normalize(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                }
                yield items;
            }
            case MAP -> {
                if (!node.isObject()) {
                    throw new BadJson(path + ": expected an object (map), got " + node.getNodeType());
                }
                ObjectNode entries = NODES.objectNode();
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    entries.set(entry.getKey(),
                            normalize(entry.getValue(), schema.getValueType(), path + "." + entry.getKey()));
                }
                yield entries;
            }
            default -> {
                // scalars: checked here so the message names the field (Avro's decoder would not)
                if (!fits(node, schema)) {
                    throw new BadJson(path + ": expected " + schema.getType().getName() + ", got " + node.getNodeType());
                }
                if (schema.getType() == Schema.Type.ENUM && !schema.hasEnumSymbol(node.asText())) {
                    throw new BadJson(path + ": '" + node.asText() + "' is not one of " + schema.getEnumSymbols());
                }
                yield node;
            }
        };
    }

    private static JsonNode record(JsonNode node, Schema schema, String path) throws BadJson {
        if (!node.isObject()) {
            throw new BadJson(path + ": expected an object (" + schema.getName() + "), got " + node.getNodeType());
        }
        Set<String> known = new HashSet<>();
        ObjectNode result = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
            known.add(field.name());
            String fieldPath = path + "." + field.name();
            JsonNode value = node.get(field.name());
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw new BadJson(fieldPath + " is missing and has no default");
                }
                value = defaultValue(field);
            }
            result.set(field.name(), normalize(value, field.schema(), fieldPath));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new BadJson(path + ": unknown field '" + name + "' (" + schema.getName() + " has "
                        + schema.getFields().stream().map(Schema.Field::name).toList() + ")");
            }
        }
        return result;
    }

    private static JsonNode union(JsonNode node, Schema union, String path) throws BadJson {
        if (node.isNull()) {
            if (union.getIndexNamed("null") == null) {
                throw new BadJson(path + " may not be null");
            }
            return node;
        }
        // already in Avro's wrapped form: {"branch name": value}
        if (node.isObject() && node.size() == 1) {
            String name = node.fieldNames().next();
            Integer index = union.getIndexNamed(name);
            if (index != null) {
                Schema branch = union.getTypes().get(index);
                ObjectNode wrapped = NODES.objectNode();
                wrapped.set(name, normalize(node.get(name), branch, path));
                return wrapped;
            }
        }
        for (Schema branch : union.getTypes()) {
            if (fits(node, branch)) {
                ObjectNode wrapped = NODES.objectNode();
                wrapped.set(branch.getFullName(), normalize(node, branch, path));
                return wrapped;
            }
        }
        throw new BadJson(path + ": a " + node.getNodeType() + " fits none of "
                + union.getTypes().stream().map(Schema::getFullName).toList());
    }

    private static boolean fits(JsonNode node, Schema branch) {
        return switch (branch.getType()) {
            case INT -> node.isIntegralNumber() && node.canConvertToInt();
            case LONG -> node.isIntegralNumber() && node.canConvertToLong();
            case FLOAT, DOUBLE -> node.isNumber();
            case BOOLEAN -> node.isBoolean();
            case STRING, BYTES, ENUM, FIXED -> node.isTextual();
            case ARRAY -> node.isArray();
            case RECORD, MAP -> node.isObject();
            case NULL -> node.isNull();
            default -> false;
        };
    }

    /** A field's default as JSON. Avro gives it as plain Java values (bytes as ISO-8859-1 text in the schema). */
    private static JsonNode defaultValue(Schema.Field field) {
        Object value = field.defaultVal();
        if (value == null || value == JsonProperties.NULL_VALUE) {
            return NullNode.getInstance();
        }
        if (value instanceof byte[] bytes) {
            return TextNode.valueOf(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return TextNode.valueOf(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        return MAPPER.valueToTree(value);
    }
}
