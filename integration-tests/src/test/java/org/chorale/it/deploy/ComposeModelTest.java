package org.chorale.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Compose merge model the deployment checks rely on behaves as Compose does. */
class ComposeModelTest {
    @Test
    void anchorsMergeKeysOverridesAndResetResolveLikeCompose(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("a.yml");
        Files.writeString(base, """
                x-common: &common
                  image: ${IMG:-img:1}
                  ports: ["1:1"]
                services:
                  s:
                    <<: *common
                    command: ["a", "b"]
                    devices: [gpu0]
                    keep: [x]
                """);
        Path override = dir.resolve("b.yml");
        Files.writeString(override, """
                services:
                  s:
                    command: ["c"]
                    devices: !reset []
                    keep: [y]
                    image: other:$${literal}
                """);
        ComposeModel c = ComposeModel.load(base, override);
        var s = c.service("s");
        assertEquals(List.of("c"), Manifests.texts(s.path("command")), "command is replaced");
        assertEquals(List.of(), Manifests.texts(s.path("devices")), "!reset empties");
        assertEquals(List.of("x", "y"), Manifests.texts(s.path("keep")), "other sequences append");
        assertEquals(List.of("1:1"), Manifests.texts(s.path("ports")), "merge key brought the anchor's ports");
        assertEquals("other:${literal}", s.path("image").asText());
        assertEquals("img:1", ComposeModel.load(base).service("s").path("image").asText(), "default of ${IMG:-...}");
    }

    @Test
    void withoutResetASequenceOverrideWouldNotRemoveTheGpu(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("a.yml");
        Files.writeString(base, "services:\n  s:\n    devices: [gpu0]\n");
        Path override = dir.resolve("b.yml");
        Files.writeString(override, "services:\n  s:\n    devices: []\n");
        assertEquals(List.of("gpu0"), Manifests.texts(ComposeModel.load(base, override).service("s").path("devices")));
    }
}
