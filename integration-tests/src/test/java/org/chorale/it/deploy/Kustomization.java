package org.chorale.it.deploy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The part of kustomize the deploy/k8s tree uses, enough to check what {@code kubectl apply -k} would apply
 * where no kustomize binary exists: {@code resources} (files and other kustomizations), {@code namespace},
 * {@code labels}, {@code images} and {@code patches} given as JSON 6902 files with a target. Anything else in a
 * kustomization.yaml is refused, so a new feature cannot slip past these checks unnoticed.
 */
public final class Kustomization {
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "labels",
            "images", "patches");
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "Job", "StatefulSet", "DaemonSet");

    private final Path dir;
    private final JsonNode spec;

    private Kustomization(Path dir, JsonNode spec) {
        this.dir = dir;
        this.spec = spec;
    }

    public static Kustomization load(Path dir) {
        JsonNode spec = Manifests.yaml(dir.resolve("kustomization.yaml"));
        spec.fieldNames().forEachRemaining(f -> {
            if (!SUPPORTED.contains(f)) {
                throw new UnsupportedOperationException(dir + ": kustomization field '" + f + "' is not modelled");
            }
        });
        return new Kustomization(dir, spec);
    }

    public Path dir() {
        return dir;
    }

    public JsonNode spec() {
        return spec;
    }

    /** The paths {@code resources} names, resolved against this kustomization's folder. */
    public List<Path> resourcePaths() {
        return Manifests.texts(spec.path("resources")).stream().map(r -> dir.resolve(r).normalize()).toList();
    }

    /** The patch files {@code patches} names. */
    public List<Path> patchPaths() {
        List<Path> out = new ArrayList<>();
        spec.path("patches").forEach(p -> out.add(dir.resolve(p.path("path").asText()).normalize()));
        return out;
    }

    /** The documents this kustomization produces, transformations applied. */
    public List<JsonNode> render() {
        List<JsonNode> docs = new ArrayList<>();
        for (Path r : resourcePaths()) {
            if (Files.isDirectory(r)) {
                docs.addAll(load(r).render());
            } else {
                Manifests.yamlDocuments(r).forEach(d -> docs.add(d.deepCopy()));
            }
        }
        String namespace = spec.path("namespace").asText("");
        for (JsonNode doc : docs) {
            if (!namespace.isEmpty() && !"Namespace".equals(doc.path("kind").asText())) {
                ((ObjectNode) doc.path("metadata")).put("namespace", namespace);
            }
            applyLabels(doc);
            applyImages(doc);
        }
        return applyPatches(docs);
    }

    private void applyLabels(JsonNode doc) {
        for (JsonNode entry : spec.path("labels")) {
            entry.path("pairs").fields().forEachRemaining(pair -> {
                labelsOf(doc.path("metadata")).put(pair.getKey(), pair.getValue().asText());
                if (entry.path("includeTemplates").asBoolean() && WORKLOAD_KINDS.contains(doc.path("kind").asText())) {
                    labelsOf(doc.path("spec").path("template").path("metadata")).put(pair.getKey(), pair.getValue().asText());
                }
            });
        }
    }

    private static ObjectNode labelsOf(JsonNode metadata) {
        ObjectNode meta = (ObjectNode) metadata;
        return meta.has("labels") ? (ObjectNode) meta.get("labels") : meta.putObject("labels");
    }

    /** {@code images}: a container image whose name matches gets the new name and/or tag. */
    private void applyImages(JsonNode doc) {
        if (!WORKLOAD_KINDS.contains(doc.path("kind").asText())) {
            return;
        }
        for (JsonNode container : containers(doc)) {
            String image = container.path("image").asText();
            int colon = image.lastIndexOf(':');
            String name = colon > 0 ? image.substring(0, colon) : image;
            String tag = colon > 0 ? image.substring(colon + 1) : "";
            for (JsonNode rule : spec.path("images")) {
                if (rule.path("name").asText().equals(name)) {
                    String newName = rule.path("newName").asText(name);
                    String newTag = rule.path("newTag").asText(tag);
                    ((ObjectNode) container).put("image", newTag.isEmpty() ? newName : newName + ":" + newTag);
                }
            }
        }
    }

    /** The containers (and init containers) of a workload's pod template. */
    public static List<JsonNode> containers(JsonNode workload) {
        JsonNode pod = workload.path("spec").path("template").path("spec");
        List<JsonNode> out = new ArrayList<>();
        pod.path("initContainers").forEach(out::add);
        pod.path("containers").forEach(out::add);
        return out;
    }

    private List<JsonNode> applyPatches(List<JsonNode> docs) {
        List<JsonNode> out = new ArrayList<>(docs);
        for (JsonNode patch : spec.path("patches")) {
            JsonNode target = patch.path("target");
            if (!patch.has("path") || target.isMissingNode()) {
                throw new UnsupportedOperationException(dir + ": only JSON 6902 patch files with a target are modelled");
            }
            JsonNode ops = Manifests.yaml(dir.resolve(patch.path("path").asText()));
            if (!(ops instanceof ArrayNode)) {
                throw new UnsupportedOperationException(dir + ": " + patch.path("path").asText() + " is not a JSON 6902 list");
            }
            int matched = 0;
            for (int i = 0; i < out.size(); i++) {
                JsonNode doc = out.get(i);
                if (matches(doc, target)) {
                    requireTargetsExist(ops, doc, patch.path("path").asText());
                    out.set(i, JsonPatch.apply(ops, doc));
                    matched++;
                }
            }
            if (matched == 0) {
                throw new IllegalStateException(dir + ": patch target " + target + " matches no resource");
            }
        }
        return out;
    }

    /**
     * RFC 6902 (and kustomize) refuse to remove or replace what is not there; zjsonpatch quietly ignores a missing
     * last key, so check first. Ops apply in order, so the check runs on the progressively patched document.
     */
    private static void requireTargetsExist(JsonNode ops, JsonNode doc, String file) {
        JsonNode current = doc;
        for (JsonNode op : ops) {
            String kind = op.path("op").asText();
            if ((kind.equals("remove") || kind.equals("replace"))
                    && current.at(JsonPointer.compile(op.path("path").asText())).isMissingNode()) {
                throw new IllegalStateException(file + ": " + kind + " " + op.path("path").asText()
                        + " is not in " + doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText());
            }
            ArrayNode single = JsonNodeFactory.instance.arrayNode().add(op);
            current = JsonPatch.apply(single, current);
        }
    }

    private static boolean matches(JsonNode doc, JsonNode target) {
        String apiVersion = doc.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return field(target, "kind", doc.path("kind").asText())
                && field(target, "name", doc.path("metadata").path("name").asText())
                && field(target, "group", group)
                && field(target, "version", version);
    }

    private static boolean field(JsonNode target, String name, String actual) {
        return !target.has(name) || target.get(name).asText().equals(actual);
    }
}
