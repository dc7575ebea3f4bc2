package org.chorale.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gpu and cpu overlays render: their files exist, their patches apply to the base (a JSON 6902 remove of a
 * missing path fails, as in kustomize) and the result puts each role on the hardware the overlay promises.
 */
class KustomizeOverlaysTest {
    private static final Path OVERLAYS = RepoLayout.deploy().resolve("k8s/overlays");

    @Test
    void overlaysNameOnlyFilesThatExist() {
        for (String overlay : List.of("gpu", "cpu")) {
            Kustomization k = Kustomization.load(OVERLAYS.resolve(overlay));
            for (Path p : k.resourcePaths()) {
                assertTrue(Files.exists(p), overlay + ": resource " + p);
            }
            for (Path p : k.patchPaths()) {
                assertTrue(Files.isRegularFile(p), overlay + ": patch " + p);
            }
        }
    }

    @Test
    void eachOverlayPinsEveryImageTheBaseUses() {
        Set<String> baseImages = new TreeSet<>();
        for (JsonNode doc : Kustomization.load(RepoLayout.deploy().resolve("k8s/base")).render()) {
            Kustomization.containers(doc).forEach(c -> baseImages.add(c.path("image").asText().split(":")[0]));
        }
        for (String overlay : List.of("gpu", "cpu")) {
            Set<String> pinned = new TreeSet<>();
            Kustomization.load(OVERLAYS.resolve(overlay)).spec().path("images")
                    .forEach(i -> pinned.add(i.path("name").asText()));
            assertEquals(baseImages, pinned, overlay + ": images");
        }
    }

    @Test
    void gpuOverlayRunsTrainerAndGeneratorOnCudaImagesWithAGpu() {
        Map<String, JsonNode> deployments = deployments("gpu");
        for (String role : CodeFacts.ROLES) {
            JsonNode d = deployments.get(role);
            String image = Kustomization.containers(d).get(0).path("image").asText();
            boolean gpu = CodeFacts.GPU_ROLES.contains(role);
            assertEquals(gpu, image.contains("cuda"), role + " image " + image);
            assertEquals(gpu, d.toString().contains("nvidia.com/gpu\""), role + " GPU request");
        }
    }

    @Test
    void cpuOverlayLeavesNoTraceOfGpusAndOneImage() {
        Map<String, JsonNode> deployments = deployments("cpu");
        Set<String> images = new TreeSet<>();
        for (String role : CodeFacts.ROLES) {
            JsonNode d = deployments.get(role);
            JsonNode pod = d.path("spec").path("template").path("spec");
            images.add(Kustomization.containers(d).get(0).path("image").asText());
            assertFalse(d.toString().contains("nvidia.com/gpu"), role + " still mentions nvidia.com/gpu");
            assertTrue(pod.path("nodeSelector").isMissingNode(), role + " nodeSelector");
            assertTrue(pod.path("tolerations").isMissingNode(), role + " tolerations");
            assertTrue(pod.path("affinity").isMissingNode(), role + " affinity");
            // the patch removes the GPU, not the rest of the worker
            assertEquals(List.of(CodeFacts.WORKER_COMMAND, role),
                    Manifests.texts(Kustomization.containers(d).get(0).path("args")));
        }
        assertEquals(1, images.size(), "one CPU image for every role: " + images);
        assertFalse(images.iterator().next().contains("cuda"), images.toString());
    }

    @Test
    void aPatchThatRemovesAMissingPathIsRefusedAsKustomizeRefusesIt(@TempDir Path dir) throws Exception {
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.writeString(base.resolve("kustomization.yaml"), "resources: [d.yaml]\n");
        Files.writeString(base.resolve("d.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: w}
                spec: {template: {spec: {nodeSelector: {a: b}}}}
                """);
        Path overlay = Files.createDirectories(dir.resolve("overlay"));
        Files.writeString(overlay.resolve("kustomization.yaml"),
                "resources: [../base]\npatches:\n  - path: p.yaml\n    target: {kind: Deployment, name: w}\n");
        Files.writeString(overlay.resolve("p.yaml"), "- op: remove\n  path: /spec/template/spec/tolerations\n");
        assertThrows(IllegalStateException.class, () -> Kustomization.load(overlay).render());
        Files.writeString(overlay.resolve("p.yaml"), "- op: remove\n  path: /spec/template/spec/nodeSelector\n");
        assertTrue(Kustomization.load(overlay).render().get(0).path("spec").path("template").path("spec")
                .path("nodeSelector").isMissingNode());
    }

    private static Map<String, JsonNode> deployments(String overlay) {
        Map<String, JsonNode> byRole = new TreeMap<>();
        for (JsonNode doc : Kustomization.load(OVERLAYS.resolve(overlay)).render()) {
            if (doc.path("kind").asText().equals("Deployment")) {
                byRole.put(doc.path("metadata").path("labels").path("app.kubernetes.io/component").asText(), doc);
            }
        }
        assertEquals(new TreeSet<>(CodeFacts.ROLES), byRole.keySet(), overlay);
        return byRole;
    }
}
