package org.chorale.music;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Ten public-domain piano pieces (Joplin, Satie, Debussy) from the Mutopia Project, bundled so a fresh checkout
 * can train and compose without any download. Their provenance lives beside them in
 * {@code org/chorale/music/demo/SOURCES.tsv} and {@code README.md}.
 */
public final class DemoCorpus {
    private static final String DIR = "demo/";

    private DemoCorpus() {}

    /** One row of SOURCES.tsv. */
    public record Source(String file, String title, String composer, String sourceUrl, String license) {}

    /** Where each piece came from, in the order of SOURCES.tsv. */
    public static List<Source> sources() {
        String tsv = new String(resource("SOURCES.tsv"), StandardCharsets.UTF_8);
        List<Source> rows = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            String[] f = line.strip().split("\t");
            if (f.length < 5 || f[0].equals("file")) continue;
            rows.add(new Source(f[0], f[1], f[2], f[3], f[4]));
        }
        return List.copyOf(rows);
    }

    /** The pieces as MIDI bytes, named by file name without {@code .mid}, in the order of SOURCES.tsv. */
    public static List<NamedMidi> pieces() {
        List<NamedMidi> out = new ArrayList<>();
        for (Source s : sources()) out.add(new NamedMidi(s.file().replaceFirst("\\.mid$", ""), resource(s.file())));
        return List.copyOf(out);
    }

    /** The pieces read with {@code options}; a piece that does not parse is a bug in the bundle, so it throws. */
    public static List<PianoRoll> rolls(MidiOptions options) {
        List<PianoRoll> out = new ArrayList<>();
        for (NamedMidi m : pieces()) {
            MidiResult r = MidiReader.read(m.bytes(), "demo/" + m.name(), options);
            if (!(r instanceof MidiResult.Parsed parsed))
                throw new IllegalStateException("bundled demo piece " + m.name() + " does not parse: " + ((MidiResult.Rejected) r).error());
            out.add(parsed.roll());
        }
        return List.copyOf(out);
    }

    private static byte[] resource(String name) {
        try (InputStream in = DemoCorpus.class.getResourceAsStream(DIR + name)) {
            if (in == null) throw new IllegalStateException("demo resource " + DIR + name + " is missing from the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
