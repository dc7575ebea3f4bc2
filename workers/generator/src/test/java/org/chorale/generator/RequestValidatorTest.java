package org.chorale.generator;

import org.chorale.events.CompositionRequested;
import org.chorale.events.FailureReason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

class RequestValidatorTest {
    private static final RequestValidator.Grid GRID = new RequestValidator.Grid(4, 48, 24);
    private final RequestValidator validator = new RequestValidator(1000);

    private static CompositionRequested request(Consumer<CompositionRequested.Builder> change) {
        CompositionRequested.Builder b = CompositionRequested.newBuilder().setRequestId("r-1").setModelId("m").setSteps(16);
        change.accept(b);
        return b.build();
    }

    private CompositionPlan plan(Consumer<CompositionRequested.Builder> change) throws RequestRefusedException {
        return validator.plan(request(change), GRID, 3);
    }

    private FailureReason refusal(Consumer<CompositionRequested.Builder> change) {
        return assertThrows(RequestRefusedException.class, () -> plan(change)).reason();
    }

    @Test void defaultsAreFilledIn() throws Exception {
        CompositionPlan p = plan(b -> {});
        assertEquals(16, p.steps());
        assertEquals(3, p.modelVersion());
        assertEquals(1.0, p.temperature());
        assertEquals(0.0, p.minNoteProbability(), "no floor: every sampled note is kept");
        assertEquals(RequestValidator.DEFAULT_QPM, p.qpm());
        assertEquals(25, p.gibbsSteps());
        assertEquals(1, p.count());
        assertNull(p.primer());
        assertNull(p.scale());
    }

    @Test void barsFollowTheRequestedMetreAndTheModelsGrid() throws Exception {
        assertEquals(2 * 16, plan(b -> b.setSteps(0).setBars(2)).steps());
        assertEquals(12, plan(b -> b.setSteps(0).setBars(1).setTimeSignatureNumerator(6).setTimeSignatureDenominator(8)).steps());
        assertEquals(3 * 12, plan(b -> b.setSteps(0).setBars(3).setTimeSignatureNumerator(3)).steps());
    }

    @Test void secondsFollowTheTempo() throws Exception {
        assertEquals(80, plan(b -> b.setSteps(0).setLengthSeconds(10.0)).steps());       // 20 quarters at 120 qpm
        assertEquals(40, plan(b -> b.setSteps(0).setLengthSeconds(10.0).setQpm(60.0)).steps());
        assertEquals(1, plan(b -> b.setSteps(0).setLengthSeconds(0.01)).steps(), "a fraction of a step rounds up");
    }

    @Test void aSeedIsDerivedFromTheRequestIdWhenNoneIsGiven() throws Exception {
        long derived = plan(b -> {}).seed();
        assertEquals(derived, plan(b -> {}).seed(), "the same request gets the same seed");
        assertNotEquals(derived, plan(b -> b.setRequestId("r-2")).seed());
        assertTrue(derived >= 0);
        assertEquals(42L, plan(b -> b.setSeed(42L)).seed());
    }

    @Test void tooLongIsItsOwnReason() {
        assertEquals(FailureReason.TOO_LONG, refusal(b -> b.setSteps(1001)));
        assertEquals(FailureReason.TOO_LONG, refusal(b -> b.setSteps(0).setBars(63)));   // 1008 steps
        assertEquals(FailureReason.TOO_LONG, refusal(b -> b.setSteps(0).setLengthSeconds(1e12)));
    }

    @Test void badParametersAreBadRequests() {
        List<Consumer<CompositionRequested.Builder>> bad = List.of(
                b -> b.setSteps(-5),
                b -> b.setSteps(0),                              // no length at all
                b -> b.setSteps(0).setBars(0),
                b -> b.setSteps(0).setLengthSeconds(-1.0),
                b -> b.setGibbsSteps(0), b -> b.setGibbsSteps(1001),
                b -> b.setTemperature(0.0), b -> b.setTemperature(-1.0), b -> b.setTemperature(Double.NaN),
                b -> b.setTemperature(Double.POSITIVE_INFINITY),
                b -> b.setMinNoteProbability(-0.01), b -> b.setMinNoteProbability(1.0),
                b -> b.setMinNoteProbability(Double.NaN),
                b -> b.setCount(0), b -> b.setCount(17),
                b -> b.setProgram(-1), b -> b.setProgram(128),
                b -> b.setVelocity(0), b -> b.setVelocity(128),
                b -> b.setTimeSignatureDenominator(3), b -> b.setTimeSignatureNumerator(0),
                b -> b.setQpm(0.0), b -> b.setQpm(5000.0),
                b -> b.setScale("H lydian"));
        for (int i = 0; i < bad.size(); i++)
            assertEquals(FailureReason.BAD_REQUEST, refusal(bad.get(i)), "case " + i);
    }

    @Test void theLimitsThemselvesAreAccepted() throws Exception {
        CompositionPlan p = plan(b -> b.setSteps(1000).setGibbsSteps(1000).setCount(16).setProgram(127)
                .setVelocity(127).setTemperature(0.01).setScale("D harmonic-minor"));
        assertEquals(1000, p.steps());
        assertEquals(Scale.parse("D harmonic-minor"), p.scale());
    }

    @Test void anInlinePrimerBecomesARollOnTheModelsGrid() throws Exception {
        CompositionPlan p = plan(b -> b.setPrimerPitches(List.of(List.of(60, 64), List.of(), List.of(67))));
        assertEquals(3, p.primer().length());
        assertEquals(48, p.primer().lowestPitch());
        assertArrayEquals(new int[]{60, 64}, p.primer().pitchesAt(0));
        assertArrayEquals(new int[]{67}, p.primer().pitchesAt(2));
    }

    @Test void anInlinePrimerOutsideTheModelsRangeIsABadPrimer() {
        assertEquals(FailureReason.BAD_PRIMER, refusal(b -> b.setPrimerPitches(List.of(List.of(60), List.of(100)))));
    }

    @Test void primerBytesThatAreNotMidiAreABadPrimer() {
        assertEquals(FailureReason.BAD_PRIMER, refusal(b -> b.setPrimer(java.nio.ByteBuffer.wrap("not midi".getBytes()))));
    }
}
