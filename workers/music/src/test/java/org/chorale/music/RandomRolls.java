package org.chorale.music;

import java.util.Arrays;
import java.util.Random;

/** Seeded random rolls in the reader's canonical form: every note start is an onset; re-strikes of held pitches. */
final class RandomRolls {
    private RandomRolls() {}

    static PianoRoll roll(Random rnd, int length, int stepsPerQuarter, int lowest, int count, boolean onsets) {
        int[][] steps = new int[length][];
        int[][] struck = new int[length][];
        boolean[] sounding = new boolean[count];
        for (int t = 0; t < length; t++) {
            int[] s = new int[count], o = new int[count];
            int ns = 0, no = 0;
            for (int k = 0; k < count; k++) {
                boolean was = sounding[k];
                boolean now = was ? rnd.nextDouble() < 0.8 : rnd.nextDouble() < 0.04;
                sounding[k] = now;
                if (!now) continue;
                s[ns++] = lowest + k;
                if (!was || rnd.nextDouble() < 0.15) o[no++] = lowest + k; // new note, or a re-strike
            }
            steps[t] = Arrays.copyOf(s, ns);
            struck[t] = Arrays.copyOf(o, no);
        }
        return PianoRoll.builder().name("random").stepsPerQuarter(stepsPerQuarter).range(lowest, count).steps(steps)
                .onsets(onsets ? struck : null).qpm(60 + rnd.nextInt(120)).build();
    }
}
