package org.chorale.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker images: base, user, port, health check, JVM limits; and the entry point's behaviour. */
class DockerImagesTest {
    private static final Path DOCKER = RepoLayout.deploy().resolve("docker");

    @Test
    void cpuImageIsATemurin17JreRunningTheJarAsNonRoot() throws IOException {
        List<String> lines = instructions(DOCKER.resolve("Dockerfile"));
        assertEquals(List.of("eclipse-temurin:17-jre-jammy"), froms(lines));
        assertWorkerImage(lines);
    }

    @Test
    void cudaImageIsACuda11CudnnRuntimeWithAJava17JreAndRefusesACpuJar() throws IOException {
        List<String> lines = instructions(DOCKER.resolve("Dockerfile.cuda"));
        List<String> froms = froms(lines);
        String runtime = froms.get(froms.size() - 1);
        assertTrue(runtime.matches("nvidia/cuda:11\\.[68]\\.\\d+-cudnn\\d*-runtime-ubuntu\\d+\\.\\d+"), runtime);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("RUN") && l.contains("openjdk-17-jre-headless")));
        // the build stage fails unless the jar holds ND4J's CUDA backend (mvn -Pcuda)
        assertTrue(lines.stream().anyMatch(l -> l.contains("org/nd4j/linalg/jcublas/JCublasBackend.class")));
        assertWorkerImage(lines);
    }

    @Test
    void entrypointSetsHaswellKernelsOnAvx2CpusAndPassesTheCommandThrough(@TempDir Path bin) throws IOException {
        Path fakeJava = bin.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE\"\necho \"ARGS=$*\"\n");
        assertTrue(fakeJava.toFile().setExecutable(true));
        String path = bin + ":/usr/bin:/bin";
        boolean avx2 = Files.readString(Path.of("/proc/cpuinfo")).contains(" avx2");

        var run = ExternalTool.run(RepoLayout.root(), Duration.ofSeconds(30), Map.of("PATH", path), true,
                List.of("/bin/sh", DOCKER.resolve("entrypoint.sh").toString(), "worker", "trainer"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("ARGS=-jar /opt/chorale/chorale.jar worker trainer"), run.output());
        assertTrue(run.output().contains("OPENBLAS_CORETYPE=" + (avx2 ? "Haswell" : "")), run.output());

        // an operator's choice wins
        var chosen = ExternalTool.run(RepoLayout.root(), Duration.ofSeconds(30),
                Map.of("PATH", path, "OPENBLAS_CORETYPE", "SkylakeX"), true,
                List.of("/bin/sh", DOCKER.resolve("entrypoint.sh").toString(), "demo"));
        assertTrue(chosen.output().contains("OPENBLAS_CORETYPE=SkylakeX"), chosen.output());
    }

    @Test
    void dockerReadmeGivesTheBuildCommandsOfBothImages() throws IOException {
        String readme = Files.readString(DOCKER.resolve("README.md"));
        assertTrue(readme.contains("docker build -f deploy/docker/Dockerfile "), readme);
        assertTrue(readme.contains("docker build -f deploy/docker/Dockerfile.cuda "), readme);
        assertTrue(readme.contains("-Pcuda"), readme);
    }

    private static void assertWorkerImage(List<String> lines) {
        String user = single(lines, "USER");
        assertFalse(user.startsWith("0") || user.startsWith("root"), "runs as root: " + user);
        assertEquals(String.valueOf(CodeFacts.DEFAULT_METRICS_PORT), single(lines, "EXPOSE"));
        String health = single(lines, "HEALTHCHECK");
        assertTrue(health.contains(CodeFacts.HEALTH_PATH) && health.contains("CHORALE_METRICS_PORT"), health);
        assertEquals("[\"/opt/chorale/entrypoint.sh\"]", single(lines, "ENTRYPOINT"));
        // every COPY from the build context names a file the repository has or the build makes
        for (String line : lines) {
            Matcher copy = Pattern.compile("^COPY (?:--\\S+ )*(\\S+) \\S+$").matcher(line);
            if (copy.matches() && !line.contains("--from=")) {
                String source = copy.group(1);
                assertTrue(source.equals(CodeFacts.RUNNABLE_JAR) || Files.exists(RepoLayout.root().resolve(source)),
                        "COPY source missing: " + source);
            }
        }
        String env = lines.stream().filter(l -> l.startsWith("ENV ")).findFirst().orElseThrow();
        long heap = JvmMemory.maxHeap(env).orElseThrow(() -> new AssertionError("no -Xmx in " + env));
        long physical = JvmMemory.maxPhysicalBytes(env).orElseThrow(() -> new AssertionError("no cap in " + env));
        assertTrue(heap < physical, env);
    }

    private static String single(List<String> lines, String instruction) {
        List<String> found = lines.stream().filter(l -> l.startsWith(instruction + " "))
                .map(l -> l.substring(instruction.length() + 1).trim()).toList();
        assertEquals(1, found.size(), instruction + " " + found);
        return found.get(0);
    }

    private static List<String> froms(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("FROM ")).map(l -> l.split("\\s+")[1]).toList();
    }

    /** Dockerfile instructions, continuation lines joined and comments dropped. */
    static List<String> instructions(Path dockerfile) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(dockerfile)) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                out.add(current.append(line).toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return out;
    }
}
