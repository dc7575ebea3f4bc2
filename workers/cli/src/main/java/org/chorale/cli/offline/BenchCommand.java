package org.chorale.cli.offline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.chorale.bench.MidiParseBench;
import org.chorale.bench.TrainingBench;
import org.chorale.cli.ChoraleCommand;
import org.chorale.cli.CliFailure;
import org.chorale.cli.Json;
import org.chorale.music.DemoCorpus;
import org.chorale.music.NamedMidi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code chorale bench}: training throughput against the GEMM roofline, and MIDI parsing throughput. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures training and sampling throughput (paper and write-up shapes) against the machine's GEMM roofline,",
                "and MIDI parse + quantise throughput (the Nottingham and Piano-midi.de folders of ../shared/data when present,",
                "else the bundled demo pieces). Set OPENBLAS_CORETYPE where OpenBLAS does not know the CPU (the launcher does)."})
public final class BenchCommand extends ChoraleCommand {

    @Option(names = "--json", description = "One JSON object {training, parsing} on stdout.")
    boolean json;

    @Option(names = "--quick", description = "Fewer rounds: figures in a minute, noisier.")
    boolean quick;

    @Option(names = "--skip-training", description = "Only the parse benchmark.")
    boolean skipTraining;

    @Parameters(arity = "0..*", paramLabel = "FOLDER", description = "MIDI folders for the parse benchmark.")
    List<Path> folders = new ArrayList<>();

    @Override protected int execute() throws Exception {
        List<String> parseArgs = new ArrayList<>(List.of("--rounds", quick ? "3" : "10", "--warmup", quick ? "1" : "5"));
        Path demoFolder = null;
        try {
            if (folders.isEmpty() && !benchmarkFoldersPresent()) {
                demoFolder = writeDemoCorpus();
                err().println("benchmark MIDI folders not found (../shared/data); parsing the bundled demo pieces instead");
                parseArgs.add(demoFolder.toString());
            }
            folders.forEach(f -> parseArgs.add(f.toString()));
            if (json) parseArgs.add("--json");
            List<String> trainArgs = new ArrayList<>();
            if (quick) trainArgs.add("--quick");
            if (json) trainArgs.add("--json");

            String training = skipTraining ? null : captureStdout(() -> TrainingBench.main(trainArgs.toArray(String[]::new)));
            String parsing = captureStdout(() -> MidiParseBench.main(parseArgs.toArray(String[]::new)));
            if (json) {
                ObjectNode root = Json.object();
                if (training != null) root.set("training", Json.mapper().readTree(training));
                root.set("parsing", Json.mapper().readTree(parsing));
                out().println(Json.write(root));
            } else {
                if (training != null) out().println(training.strip());
                out().println(parsing.strip());
            }
            return 0;
        } finally {
            if (demoFolder != null) {
                try (var files = Files.list(demoFolder)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(demoFolder);
            }
        }
    }

    private interface Bench { void run() throws Exception; }

    /**
     * The bench classes print their figures to System.out (they are also run on their own with {@code java -cp});
     * capture that, so {@code --json} prints one document and tests can read our streams.
     */
    private static synchronized String captureStdout(Bench bench) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            bench.run();
        } catch (RuntimeException e) {
            throw new CliFailure("benchmark failed: " + e.getMessage(), e);
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static boolean benchmarkFoldersPresent() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("../shared/data/benchmarks/nottingham/midi")))
                return true;
        }
        return false;
    }

    private static Path writeDemoCorpus() throws Exception {
        Path dir = Files.createTempDirectory("chorale-bench-");
        for (NamedMidi m : DemoCorpus.pieces()) Files.write(dir.resolve(m.name() + ".mid"), m.bytes());
        return dir;
    }
}
