package org.chorale.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.chorale.music.MidiOptions;
import org.chorale.music.MidiReader;
import org.chorale.music.MidiResult;

/**
 * How fast one core parses and quantises MIDI: every file of the given folders (default: the Nottingham and
 * Piano-midi.de MIDI folders under {@code ../shared/data/benchmarks}) is read into memory, parsed with
 * {@link MidiReader} and default options for some warm-up rounds, then timed over several rounds on a single
 * thread. Prints files/s, MB/s and notes/s per set and overall (best round and median). Rates are per core: they
 * divide by the thread's CPU time, so other processes competing for the machine do not lower them; the wall time
 * of the best round is printed beside them.
 *
 * <pre>java -cp ... org.chorale.bench.MidiParseBench [--json] [--rounds N] [--warmup N] [FOLDER...]</pre>
 */
public final class MidiParseBench {
    private static final List<String> DEFAULT_SETS = List.of("benchmarks/nottingham/midi", "benchmarks/piano-midi-de/midi");

    private record Corpus(String name, List<byte[]> files, long bytes) {}

    /** One set's measurements: counts from a round, and the CPU and wall seconds each timed round took. */
    private record Result(String name, int files, int parsed, long bytes, long notes, long steps, double[] seconds,
                          double[] wallSeconds) {
        double best() { return Arrays.stream(seconds).min().orElse(Double.NaN); }
        double bestWall() { return Arrays.stream(wallSeconds).min().orElse(Double.NaN); }
        double median() {
            double[] s = seconds.clone();
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }

    public static void main(String[] args) throws IOException {
        boolean json = false;
        int rounds = 10, warmup = 5;
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: MidiParseBench [--json] [--rounds N] [--warmup N] [FOLDER...]");
                    return;
                }
                default -> folders.add(Path.of(args[i]));
            }
        }
        if (folders.isEmpty()) for (String s : DEFAULT_SETS) folders.add(sharedData().resolve(s));

        List<Corpus> corpora = new ArrayList<>();
        for (Path folder : folders) corpora.add(load(folder));
        MidiOptions options = MidiOptions.defaults();
        for (int r = 0; r < warmup; r++) for (Corpus c : corpora) parseAll(c, options, null);

        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<Result> results = new ArrayList<>();
        for (Corpus c : corpora) {
            long[] counts = new long[3];
            double[] seconds = new double[rounds], wall = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long c0 = cpu.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                parseAll(c, options, r == 0 ? counts : null);
                seconds[r] = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
                wall[r] = (System.nanoTime() - t0) / 1e9;
            }
            results.add(new Result(c.name(), c.files().size(), (int) counts[0], c.bytes(), counts[1], counts[2], seconds, wall));
        }
        System.out.println(json ? toJson(results, rounds, warmup) : toText(results, rounds, warmup));
    }

    /** Parses every file of {@code c}; when {@code counts} is given, adds {parsed files, notes, steps} to it. */
    private static void parseAll(Corpus c, MidiOptions options, long[] counts) {
        for (byte[] f : c.files()) {
            MidiResult r = MidiReader.read(f, options);
            if (counts != null && r instanceof MidiResult.Parsed p) {
                counts[0]++;
                counts[1] += p.summary().noteCount();
                counts[2] += p.summary().steps();
            }
        }
    }

    private static Corpus load(Path folder) throws IOException {
        List<byte[]> files = new ArrayList<>();
        long bytes = 0;
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".mid"))
                    .sorted().toList()) {
                byte[] b = Files.readAllBytes(p);
                files.add(b);
                bytes += b.length;
            }
        }
        Path named = folder.getFileName() != null && folder.getFileName().toString().equals("midi") ? folder.getParent() : folder;
        return new Corpus(named == null ? folder.toString() : named.getFileName().toString(), files, bytes);
    }

    /** {@code ../shared/data} beside the repository root, found by walking up from the working directory. */
    private static Path sharedData() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("../shared/data").normalize();
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(candidate)) return candidate;
        }
        return Path.of("../shared/data");
    }

    private static Result total(List<Result> results) {
        int rounds = results.get(0).seconds().length;
        double[] seconds = new double[rounds], wall = new double[rounds];
        for (Result r : results) {
            for (int i = 0; i < rounds; i++) {
                seconds[i] += r.seconds()[i];
                wall[i] += r.wallSeconds()[i];
            }
        }
        return new Result("all", results.stream().mapToInt(Result::files).sum(), results.stream().mapToInt(Result::parsed).sum(),
                results.stream().mapToLong(Result::bytes).sum(), results.stream().mapToLong(Result::notes).sum(),
                results.stream().mapToLong(Result::steps).sum(), seconds, wall);
    }

    private static String toText(List<Result> results, int rounds, int warmup) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "MIDI parse + quantise, 1 thread, %d warm-up and %d timed rounds; per CPU-second of the best round "
                        + "(median in brackets)%n",
                warmup, rounds));
        List<Result> all = new ArrayList<>(results);
        if (results.size() > 1) all.add(total(results));
        for (Result r : all) {
            sb.append(String.format(Locale.ROOT,
                    "%-14s %5d files (%d parsed), %5.2f MB, %6d notes: %6.0f files/s (%.0f), %5.1f MB/s (%.1f), "
                            + "%8.0f notes/s (%.0f); wall %.3f s%n",
                    r.name(), r.files(), r.parsed(), r.bytes() / 1e6, r.notes(),
                    r.files() / r.best(), r.files() / r.median(), r.bytes() / 1e6 / r.best(), r.bytes() / 1e6 / r.median(),
                    r.notes() / r.best(), r.notes() / r.median(), r.bestWall()));
        }
        return sb.toString().stripTrailing();
    }

    private static String toJson(List<Result> results, int rounds, int warmup) {
        List<Result> all = new ArrayList<>(results);
        if (results.size() > 1) all.add(total(results));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "{\"benchmark\":\"midi-parse\",\"threads\":1,\"warmupRounds\":%d,\"rounds\":%d,"
                + "\"java\":\"%s\",\"sets\":[", warmup, rounds, escape(System.getProperty("java.version"))));
        for (int i = 0; i < all.size(); i++) {
            Result r = all.get(i);
            if (i > 0) sb.append(',');
            sb.append(String.format(Locale.ROOT, "{\"name\":\"%s\",\"files\":%d,\"parsed\":%d,\"bytes\":%d,\"notes\":%d,"
                            + "\"steps\":%d,\"bestCpuSeconds\":%.6f,\"medianCpuSeconds\":%.6f,\"bestWallSeconds\":%.6f,"
                            + "\"filesPerSecond\":%.1f,\"megabytesPerSecond\":%.3f,\"notesPerSecond\":%.1f}",
                    escape(r.name()), r.files(), r.parsed(), r.bytes(), r.notes(), r.steps(), r.best(), r.median(),
                    r.bestWall(), r.files() / r.best(), r.bytes() / 1e6 / r.best(), r.notes() / r.best()));
        }
        return sb.append("]}").toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }

    private MidiParseBench() {}
}
