package org.chorale.trainer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class EarlyStoppingTest {

    @Test void countsEpochsWithoutImprovementAndStopsAtPatience() {
        EarlyStopping s = EarlyStopping.initial().after(10.0);
        assertEquals(new EarlyStopping(10.0, 0), s);
        s = s.after(9.0);                       // better
        assertEquals(new EarlyStopping(9.0, 0), s);
        s = s.after(9.5).after(9.0);            // worse, then equal: neither is better
        assertEquals(new EarlyStopping(9.0, 2), s);
        assertTrue(s.exhausted(2));
        assertFalse(s.exhausted(3));
        assertFalse(s.exhausted(0), "patience 0 disables early stopping");
    }

    @Test void survivesTheTripThroughCheckpointMetrics() {
        EarlyStopping s = EarlyStopping.initial().after(7.5).after(8.0);
        assertEquals(s, EarlyStopping.from(s.asMetrics()));
        assertEquals(EarlyStopping.initial(), EarlyStopping.from(java.util.Map.of()));
    }

    @Test void anEpochWithoutValidationChangesNothing() {
        assertEquals(EarlyStopping.initial(), EarlyStopping.initial().after(null));
        EarlyStopping s = EarlyStopping.initial().after(5.0).after(6.0);
        assertEquals(s, s.after(null).after(Double.NaN));
    }
}
