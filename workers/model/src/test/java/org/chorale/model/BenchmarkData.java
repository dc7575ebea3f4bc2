package org.chorale.model;

import org.chorale.music.PianoRoll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The polyphonic benchmark sets in {@code ../shared/data/benchmarks} (outside the project: a fresh clone lacks them,
 * so tests must skip when {@link #root()} is empty). Reads the JSON form: {"train": [[[60, 64], [], ...], ...], ...}.
 */
final class BenchmarkData {
    private BenchmarkData() {}

    /** {@code ../shared/data} beside the project root (the folder holding the reactor pom), if present. */
    static Optional<Path> root() {
        Path projectRoot = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && projectRoot == null; d = d.getParent())
            if (isReactorRoot(d)) projectRoot = d;
        if (projectRoot == null || projectRoot.getParent() == null) return Optional.empty();
        Path data = projectRoot.getParent().resolve("shared").resolve("data");
        return Files.isDirectory(data) ? Optional.of(data) : Optional.empty();
    }

    private static boolean isReactorRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<modules>");
        } catch (IOException e) {
            return false;
        }
    }

    /** One split of a set, e.g. ("jsb-chorales/jsb-chorales.json", "valid"), as rolls on the 88 piano keys. */
    static List<PianoRoll> load(Path data, String file, String split, int stepsPerQuarter) throws IOException {
        String json = Files.readString(data.resolve("benchmarks").resolve(file));
        int at = json.indexOf("\"" + split + "\"");
        if (at < 0) throw new IOException("no split " + split + " in " + file);
        Parser p = new Parser(json, json.indexOf('[', at));
        List<PianoRoll> out = new ArrayList<>();
        p.expect('[');
        while (!p.peek(']')) {
            List<int[]> steps = new ArrayList<>();
            p.expect('[');
            while (!p.peek(']')) {
                List<Integer> pitches = new ArrayList<>();
                p.expect('[');
                while (!p.peek(']')) { pitches.add(p.integer()); p.comma(); }
                p.expect(']');
                p.comma();
                steps.add(pitches.stream().mapToInt(Integer::intValue).toArray());
            }
            p.expect(']');
            p.comma();
            out.add(PianoRoll.builder().name(split + out.size()).stepsPerQuarter(stepsPerQuarter)
                    .steps(steps.toArray(int[][]::new)).build());
        }
        return out;
    }

    /** Just enough JSON for nested arrays of integers. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s, int start) { this.s = s; this.i = start; }

        private void skip() { while (Character.isWhitespace(s.charAt(i))) i++; }
        boolean peek(char c) { skip(); return s.charAt(i) == c; }
        void expect(char c) {
            skip();
            if (s.charAt(i) != c) throw new IllegalStateException("expected " + c + " at " + i);
            i++;
        }
        void comma() { skip(); if (s.charAt(i) == ',') i++; }
        int integer() {
            skip();
            int start = i;
            while (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-') i++;
            return Integer.parseInt(s.substring(start, i));
        }
    }
}
