package org.chorale.music;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Draws a roll as a PNG piano roll: time to the right, pitch upwards, one cell per (step, pitch). Sounding cells are
 * dark blue, the cell where a note is struck darker still (so repeated notes stay apart), C rows are shaded and bar
 * lines drawn, so pieces from a model and from a corpus can be compared at a glance.
 */
public final class PianoRollImage {
    private static final int NOTE = 0x2B5BA8, STRIKE = 0x0B1F44, BACKGROUND = 0xFFFFFF, C_ROW = 0xECECEC, BAR = 0xB0B0B0;

    private PianoRollImage() {}

    /**
     * @param roll     the piece
     * @param maxSteps draw at most this many steps from the start
     * @param cell     pixels per step and per pitch (1..16)
     * @return the PNG file's bytes
     */
    public static byte[] png(PianoRoll roll, int maxSteps, int cell) {
        if (cell < 1 || cell > 16) throw new IllegalArgumentException("cell must be 1..16 pixels, not " + cell);
        int steps = Math.max(1, Math.min(maxSteps, roll.length()));
        int low = 127, high = 0;
        for (int t = 0; t < steps && t < roll.length(); t++)
            for (int p : roll.pitchesAt(t)) { low = Math.min(low, p); high = Math.max(high, p); }
        if (low > high) { low = 60; high = 72; } // silence: an octave around middle C
        low = Math.max(0, low - 2);
        high = Math.min(127, high + 2);
        int pitches = high - low + 1;
        BufferedImage image = new BufferedImage(steps * cell, pitches * cell, BufferedImage.TYPE_INT_RGB);
        for (int p = low; p <= high; p++) fillRow(image, p - low, pitches, cell, p % 12 == 0 ? C_ROW : BACKGROUND);
        int bar = barSteps(roll);
        for (int t = 0; t < steps; t += bar)
            for (int y = 0; y < image.getHeight(); y++) image.setRGB(t * cell, y, BAR);
        for (int t = 0; t < steps; t++) {
            int[] onsets = roll.onsetsAt(t);
            for (int p : roll.pitchesAt(t)) {
                boolean struck = java.util.Arrays.binarySearch(onsets, p) >= 0;
                fillCell(image, t, pitches - 1 - (p - low), cell, struck ? STRIKE : NOTE);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }

    private static int barSteps(PianoRoll roll) {
        int quarterSteps = roll.stepsPerQuarter() * 4 * roll.timeSignatureNumerator();
        int den = roll.timeSignatureDenominator();
        return den > 0 && quarterSteps % den == 0 && quarterSteps / den > 0 ? quarterSteps / den : roll.stepsPerQuarter() * 4;
    }

    private static void fillRow(BufferedImage image, int pitchIndex, int pitches, int cell, int rgb) {
        int y0 = (pitches - 1 - pitchIndex) * cell;
        for (int y = y0; y < y0 + cell; y++) for (int x = 0; x < image.getWidth(); x++) image.setRGB(x, y, rgb);
    }

    private static void fillCell(BufferedImage image, int step, int row, int cell, int rgb) {
        // leave a one-pixel gap under each note when cells are big enough, so neighbouring pitches stay apart
        int h = cell > 2 ? cell - 1 : cell;
        for (int y = row * cell; y < row * cell + h; y++)
            for (int x = step * cell; x < step * cell + cell; x++) image.setRGB(x, y, rgb);
    }
}
