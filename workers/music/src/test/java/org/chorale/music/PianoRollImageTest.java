package org.chorale.music;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PianoRollImageTest {

    @Test void aNoteIsDrawnWhereItSoundsAndNowhereElse() throws Exception {
        // one step per quarter; 60 sounds at steps 0-1, 64 at step 2
        PianoRoll roll = PianoRoll.builder().stepsPerQuarter(1).steps(new int[][] {{60}, {60}, {64}, {}}).build();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(PianoRollImage.png(roll, 100, 4)));
        // pitches 58..66 (two either side), 9 rows of 4 px; 4 steps of 4 px
        assertEquals(16, image.getWidth());
        assertEquals(36, image.getHeight());
        int row60 = (66 - 60) * 4, row64 = (66 - 64) * 4;
        assertTrue(dark(image.getRGB(1, row60 + 1)), "60 struck at step 0");
        assertTrue(dark(image.getRGB(5, row60 + 1)), "60 held at step 1");
        assertFalse(dark(image.getRGB(9, row60 + 1)), "60 silent at step 2");
        assertTrue(dark(image.getRGB(9, row64 + 1)), "64 at step 2");
        assertFalse(dark(image.getRGB(13, row64 + 1)), "silence at step 3");
    }

    @Test void onlyTheRequestedStepsAreDrawn() throws Exception {
        PianoRoll roll = PianoRoll.builder().steps(new int[100][]).build();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(PianoRollImage.png(roll, 10, 2)));
        assertEquals(20, image.getWidth());
    }

    private static boolean dark(int rgb) {
        return ((rgb >> 16) & 0xFF) < 0x60 && ((rgb >> 8) & 0xFF) < 0x80;
    }
}
