package org.chorale.model.eval;

import org.chorale.model.ModelConfig;

/**
 * Where the play bits of each frame lie inside a visible row, per {@link org.chorale.model.VisibleEncoding}:
 * frame f of a row starts at {@code f * frameUnits}; its {@code pitches} play bits come first, then (with onsets)
 * as many onset bits. A predicted onset counts as a sounding note (onset implies play, as when decoding).
 */
record FrameLayout(int framesPerRow, int pitches, boolean onsets) {
    static FrameLayout of(ModelConfig c) {
        return new FrameLayout(c.stepsPerRbm(), c.pitchCount(), c.onsets());
    }

    int frameUnits() { return pitches * (onsets ? 2 : 1); }

    int rowUnits() { return framesPerRow * frameUnits(); }

    /** Counts of one predicted row against one true row, over the row's first {@code realFrames} frames (the rest
     *  pad the end of a piece). Values above 0.5 are on. */
    void count(float[] predicted, int pOff, byte[] truth, int tOff, int realFrames, long[] tpFpFn) {
        int frames = Math.min(realFrames, framesPerRow);
        for (int f = 0; f < frames; f++) {
            int base = f * frameUnits();
            for (int p = 0; p < pitches; p++) {
                boolean predictedOn = predicted[pOff + base + p] > 0.5f
                        || (onsets && predicted[pOff + base + pitches + p] > 0.5f);
                boolean trueOn = truth[tOff + base + p] != 0 || (onsets && truth[tOff + base + pitches + p] != 0);
                if (predictedOn && trueOn) tpFpFn[0]++;
                else if (predictedOn) tpFpFn[1]++;
                else if (trueOn) tpFpFn[2]++;
            }
        }
    }
}
