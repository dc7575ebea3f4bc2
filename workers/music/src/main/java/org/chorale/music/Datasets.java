package org.chorale.music;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a corpus from disk:
 * <ul>
 *   <li>a {@code .pickle} (Python protocol-2 pickle of {@code {"train","valid","test"}} → sequences → steps →
 *       tuples of MIDI pitches: Boulanger-Lewandowski et al.'s format), or the equivalent {@code .json};</li>
 *   <li>a folder of MIDI files ({@code .mid}, {@code .midi}, {@code .kar}): from its {@code train}, {@code valid}
 *       and {@code test} subfolders when it has any, else all files go to train; files are read in file-name
 *       order, refused ones are listed with their reason.</li>
 * </ul>
 * Pieces are named {@code <set>/<split>/<index>}, the index counting files (or sequences) of the split in order,
 * refused files included, so a name always points back to the same file. The set name is
 * {@link DatasetOptions#name()}, else the file name without extension (or the folder name; for a folder called
 * {@code midi}, its parent's), lower-cased with other characters than letters and digits made hyphens:
 * {@code JSB Chorales.pickle} and {@code jsb-chorales.json} are both {@code jsb-chorales}.
 */
public final class Datasets {
    private static final Logger log = LoggerFactory.getLogger(Datasets.class);

    private Datasets() {}

    /**
     * @throws IOException if the path cannot be read or is not a dataset in a known form (a MIDI file that does not
     *     parse is not an error: it is listed in {@link DatasetLoad#rejections()})
     */
    public static DatasetLoad load(Path path, DatasetOptions options) throws IOException {
        if (Files.isDirectory(path)) return midiFolder(path, options);
        String file = path.getFileName().toString();
        String lower = file.toLowerCase(Locale.ROOT);
        String set = options.name() != null ? options.name() : setName(file.replaceFirst("\\.[^.]*$", ""));
        Map<String, List<int[][]>> splits;
        if (lower.endsWith(".pickle") || lower.endsWith(".pkl")) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) { splits = SequenceFiles.readPickle(in, path); }
        } else if (lower.endsWith(".json")) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) { splits = SequenceFiles.readJson(in, path); }
        } else {
            throw new IOException(path + " is not a dataset: expected a .pickle, a .json or a folder of MIDI files");
        }
        return sequences(set, splits, options);
    }

    /** "JSB Chorales" → "jsb-chorales", "Piano-midi.de" → "piano-midi-de". */
    static String setName(String raw) {
        String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "dataset" : s;
    }

    private static DatasetLoad sequences(String set, Map<String, List<int[][]>> splits, DatasetOptions options) {
        int lowest = options.lowestPitch(), highest = lowest + options.pitchCount();
        long dropped = 0;
        Map<String, List<PianoRoll>> rolls = new LinkedHashMap<>();
        for (String split : Dataset.SPLITS) {
            List<PianoRoll> out = new ArrayList<>();
            List<int[][]> seqs = splits.getOrDefault(split, List.of());
            for (int i = 0; i < seqs.size(); i++) {
                int[][] steps = seqs.get(i);
                for (int t = 0; t < steps.length; t++) {
                    int[] kept = Arrays.stream(steps[t]).filter(p -> p >= lowest && p < highest).toArray();
                    dropped += steps[t].length - kept.length;
                    steps[t] = kept;
                }
                out.add(PianoRoll.builder().name(set + "/" + split + "/" + i)
                        .stepsPerQuarter(options.sequenceStepsPerQuarter()).range(lowest, options.pitchCount())
                        .qpm(options.sequenceQpm()).steps(steps).build());
            }
            rolls.put(split, out);
        }
        Dataset dataset = new Dataset(set, rolls.get("train"), rolls.get("valid"), rolls.get("test"));
        return new DatasetLoad(dataset, List.of(), Map.of(), dropped);
    }

    private static DatasetLoad midiFolder(Path folder, DatasetOptions options) throws IOException {
        String set = options.name() != null ? options.name() : setName(folderSetName(folder.toAbsolutePath().normalize()));
        boolean hasSplits = Dataset.SPLITS.stream().anyMatch(s -> Files.isDirectory(folder.resolve(s)));

        Map<String, List<PianoRoll>> rolls = new LinkedHashMap<>();
        List<DatasetLoad.Rejection> rejections = new ArrayList<>();
        Map<String, Path> files = new LinkedHashMap<>();
        long dropped = 0;
        for (String split : Dataset.SPLITS) {
            List<PianoRoll> out = new ArrayList<>();
            rolls.put(split, out);
            Path dir = hasSplits ? folder.resolve(split) : split.equals("train") ? folder : null;
            if (dir == null || !Files.isDirectory(dir)) continue;
            List<Path> midiFiles = midiFilesIn(dir);
            for (int i = 0; i < midiFiles.size(); i++) {
                Path file = midiFiles.get(i);
                String name = set + "/" + split + "/" + i;
                MidiResult result = readFile(file, name, options.midi());
                if (result instanceof MidiResult.Parsed parsed) {
                    out.add(parsed.roll());
                    files.put(name, file);
                    dropped += parsed.summary().droppedTotal();
                } else {
                    MidiError error = ((MidiResult.Rejected) result).error();
                    log.debug("{} refused: {}", file, error);
                    rejections.add(new DatasetLoad.Rejection(file, split, error));
                }
            }
        }
        Dataset dataset = new Dataset(set, rolls.get("train"), rolls.get("valid"), rolls.get("test"));
        return new DatasetLoad(dataset, rejections, files, dropped);
    }

    /** The folder's name, or its parent's when it is called {@code midi} (as in {@code nottingham/midi}). */
    private static String folderSetName(Path folder) {
        Path name = folder.getFileName();
        if (name == null) return "dataset";
        Path parent = folder.getParent();
        if (name.toString().equals("midi") && parent != null && parent.getFileName() != null)
            return parent.getFileName().toString();
        return name.toString();
    }

    private static List<Path> midiFilesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(Datasets::isMidiFile).sorted().toList();
        }
    }

    /** {@code .mid}, {@code .midi} or {@code .kar}, in any case. */
    static boolean isMidiFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".mid") || n.endsWith(".midi") || n.endsWith(".kar");
    }

    /** Reads a MIDI file, refusing an oversized one before reading it into memory. */
    static MidiResult readFile(Path file, String name, MidiOptions options) throws IOException {
        long size = Files.size(file);
        if (size > options.limits().maxBytes())
            return new MidiResult.Rejected(new MidiError(MidiError.Reason.TOO_LARGE,
                    "file is " + Text.size(size) + "; the limit is " + Text.size(options.limits().maxBytes())));
        return MidiReader.read(Files.readAllBytes(file), name, options);
    }

    /**
     * A fingerprint of a list of rolls: hex SHA-256 (first 16 bytes) over their content hashes in order. The same
     * music in the same order gives the same fingerprint; names, tempo and time signature do not count.
     */
    public static String fingerprint(List<PianoRoll> rolls) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("chorale-dataset:" + rolls.size() + "\n").getBytes(StandardCharsets.US_ASCII));
            for (PianoRoll r : rolls) md.update((r.contentHash() + "\n").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(Arrays.copyOf(md.digest(), 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
