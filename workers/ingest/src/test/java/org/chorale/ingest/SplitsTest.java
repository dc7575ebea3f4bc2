package org.chorale.ingest;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class SplitsTest {

    @Test void theSplitIsAFunctionOfThePieceIdAloneAndFollowsTheDocumentedRule() {
        assertEquals("train", Splits.forPiece("00000000aa"));  // 0 mod 10
        assertEquals("train", Splits.forPiece("00000007"));    // 7
        assertEquals("valid", Splits.forPiece("00000008ff"));  // 8
        assertEquals("test", Splits.forPiece("00000009"));     // 9
        assertEquals("train", Splits.forPiece("ffffffff00"));  // 4294967295 mod 10 = 5: unsigned, not negative
        assertEquals("test", Splits.forPiece("fffffff9"));     // 4294967289 mod 10 = 9
    }

    @Test void contentHashesSpreadRoughly80_10_10() {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Integer> counts = new HashMap<>();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[16];
            random.nextBytes(id);
            counts.merge(Splits.forPiece(HexFormat.of().formatHex(id)), 1, Integer::sum);
        }
        assertEquals(0.8, counts.get("train") / (double) n, 0.02);
        assertEquals(0.1, counts.get("valid") / (double) n, 0.01);
        assertEquals(0.1, counts.get("test") / (double) n, 0.01);
    }

    @Test void namedSplitsAreNormalisedAndUnknownOnesRefused() {
        assertEquals("valid", Splits.named(" Valid ").orElseThrow());
        assertTrue(Splits.named("validation").isEmpty());
    }
}
