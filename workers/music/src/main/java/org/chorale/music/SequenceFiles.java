package org.chorale.music;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Reads already-quantised corpora: split name → sequences → steps → MIDI pitches, from a Python pickle or JSON.
 * Steps come back as raw pitch arrays; range checks are the caller's.
 */
final class SequenceFiles {
    private SequenceFiles() {}

    static Map<String, List<int[][]>> readPickle(InputStream in, Path source) throws IOException {
        Object root;
        try {
            root = new Unpickler().load(in);
        } catch (PickleException | IllegalArgumentException | ClassCastException e) {
            throw new IOException(source + " is not a readable pickle: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) throw new IOException(source + ": expected a dict of splits, found " + kind(root));
        Map<String, List<int[][]>> out = new HashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String split = String.valueOf(e.getKey());
            if (!Dataset.SPLITS.contains(split)) continue;
            List<?> seqs = list(e.getValue(), source, split);
            List<int[][]> sequences = new ArrayList<>(seqs.size());
            for (int i = 0; i < seqs.size(); i++) {
                List<?> steps = list(seqs.get(i), source, split + "[" + i + "]");
                int[][] roll = new int[steps.size()][];
                for (int t = 0; t < steps.size(); t++) {
                    List<?> pitches = list(steps.get(t), source, split + "[" + i + "][" + t + "]");
                    roll[t] = new int[pitches.size()];
                    for (int k = 0; k < pitches.size(); k++) roll[t][k] = pitch(pitches.get(k), source);
                }
                sequences.add(roll);
            }
            out.put(split, sequences);
        }
        return out;
    }

    /** Python lists arrive as {@code List}, tuples as {@code Object[]}. */
    private static List<?> list(Object o, Path source, String where) throws IOException {
        if (o instanceof List<?> l) return l;
        if (o instanceof Object[] a) return java.util.Arrays.asList(a);
        throw new IOException(source + ": " + where + " should be a list or tuple, found " + kind(o));
    }

    private static int pitch(Object o, Path source) throws IOException {
        if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && n.doubleValue() >= 0 && n.doubleValue() <= 127) return n.intValue();
        throw new IOException(source + ": " + o + " is not a MIDI pitch");
    }

    private static String kind(Object o) { return o == null ? "None" : o.getClass().getSimpleName(); }

    static Map<String, List<int[][]>> readJson(InputStream in, Path source) throws IOException {
        Map<String, List<int[][]>> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(in)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, source);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String split = p.currentName();
                JsonToken value = p.nextToken();
                if (!Dataset.SPLITS.contains(split)) { p.skipChildren(); continue; }
                expect(p, value, JsonToken.START_ARRAY, source);
                List<int[][]> sequences = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    expect(p, p.currentToken(), JsonToken.START_ARRAY, source);
                    List<int[]> steps = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        expect(p, p.currentToken(), JsonToken.START_ARRAY, source);
                        int[] buf = new int[8];
                        int n = 0;
                        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                            if (t == null || !t.isNumeric()) throw new IOException(source + ": expected a pitch at " + p.currentLocation());
                            if (n == buf.length) buf = java.util.Arrays.copyOf(buf, n * 2);
                            buf[n++] = pitch(p.getNumberValue(), source);
                        }
                        steps.add(java.util.Arrays.copyOf(buf, n));
                    }
                    sequences.add(steps.toArray(new int[0][]));
                }
                out.put(split, sequences);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return out;
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken wanted, Path source) throws IOException {
        if (got != wanted) throw new IOException(source + ": expected " + wanted + " but found " + got + " at " + p.currentLocation());
    }
}
