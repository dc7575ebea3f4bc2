package org.chorale.music;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * 20 000 seeded random mutations of valid files (bit flips, boundary bytes, insertions, deletions, cuts, tampered
 * 32-bit lengths, duplicated spans) through the read path: no exception escapes, every parsed roll round-trips
 * (under the fuzz test's smaller step limit: a mutated delta time easily makes a 200 000-step roll, and writing
 * and re-reading thousands of those would only cost time),
 * the whole run stays within seconds and reading no input allocates more than {@link #MAX_BYTES_PER_INPUT}.
 */
class MidiMutationTest {
    private static final int MUTATIONS = 20_000;
    /** Reading a roll at the 200 000-step limit needs about 20 MiB; the inputs here need far less. */
    private static final long MAX_BYTES_PER_INPUT = 32L << 20;
    private static final int[] BOUNDARY = {0x00, 0x01, 0x7F, 0x80, 0x81, 0xFF, 0xF0, 0xF7, 0xF8, 0x90, 0x2F, 0x51};

    private static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        Path corpus = Path.of("src/test/resources/org/chorale/music/MidiFuzzTestInputs/parseQuantiseWriteRead");
        try (Stream<Path> s = Files.list(corpus)) {
            for (Path p : s.sorted().toList()) seeds.add(Files.readAllBytes(p));
        }
        for (NamedMidi m : DemoCorpus.pieces()) if (m.name().startsWith("satie")) seeds.add(m.bytes());
        return seeds;
    }

    static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in;
        for (int ops = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(3) : 1; ops > 0; ops--) { // mostly one change, at times 2-4
            if (b.length == 0) return b;
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(7)) {
                case 0 -> { b = b.clone(); b[at] ^= (byte) (1 << rnd.nextInt(8)); }
                case 1 -> { b = b.clone(); b[at] = (byte) BOUNDARY[rnd.nextInt(BOUNDARY.length)]; }
                case 2 -> { // insert 1-3 random bytes
                    int n = 1 + rnd.nextInt(3);
                    byte[] c = new byte[b.length + n];
                    System.arraycopy(b, 0, c, 0, at);
                    for (int i = 0; i < n; i++) c[at + i] = (byte) rnd.nextInt(256);
                    System.arraycopy(b, at, c, at + n, b.length - at);
                    b = c;
                }
                case 3 -> { // delete a short span
                    int n = Math.min(1 + rnd.nextInt(8), b.length - at);
                    byte[] c = new byte[b.length - n];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + n, c, at, b.length - at - n);
                    b = c;
                }
                case 4 -> b = Arrays.copyOf(b, at);
                case 5 -> { // a 32-bit big-endian number, as chunk lengths are
                    b = b.clone();
                    int v = rnd.nextBoolean() ? rnd.nextInt() : rnd.nextInt(1 << 16);
                    for (int i = 0; i < 4 && at + i < b.length; i++) b[at + i] = (byte) (v >>> (24 - 8 * i));
                }
                default -> { // duplicate a span in place after itself
                    int n = Math.min(1 + rnd.nextInt(16), b.length - at);
                    byte[] c = new byte[b.length + n];
                    System.arraycopy(b, 0, c, 0, at + n);
                    System.arraycopy(b, at, c, at + n, b.length - at);
                    b = c;
                }
            }
        }
        return b;
    }

    @Test void randomMutationsNeverEscapeAndStayBounded() throws IOException {
        List<byte[]> seeds = seeds();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(45), () -> {
            Random rnd = new Random(20_240_601L);
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] input = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
                long before = threads.getCurrentThreadAllocatedBytes();
                boolean parsed = MidiReader.read(input, MidiOptions.defaults()).isParsed();
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertTrue(allocated < MAX_BYTES_PER_INPUT, "reading mutation " + i + " allocated " + allocated + " bytes");
                outcomes[parsed ? 0 : 1]++;
                try {
                    FuzzOracle.check(input, MidiFuzzTest.OPTIONS);
                } catch (Throwable t) {
                    throw new AssertionError("mutation " + i + " failed on input " + HexFormat.of().formatHex(input), t);
                }
            }
        });
        // The mutations must exercise both paths to mean anything.
        assertTrue(outcomes[0] > 1000 && outcomes[1] > 1000, "parsed " + outcomes[0] + ", rejected " + outcomes[1]);
    }
}
