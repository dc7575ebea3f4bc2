package org.chorale.cli.kafka;

import org.chorale.cli.UsageError;
import org.chorale.events.CompositionRequested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code chorale compose}'s flags become the fields of the CompositionRequested event, one for one. */
class ComposeRequestTest {

    private static CompositionRequested request(String... args) {
        ComposeCommand command = new ComposeCommand();
        new CommandLine(command).parseArgs(args);
        return command.composition.toRequest("r-1", command.model, command.version);
    }

    @Test
    void everyControlReachesTheRequest() {
        CompositionRequested r = request("--model", "m", "--version", "4", "--bars", "8", "--time-signature", "6/8",
                "--primer-pitches", "60,64,67; 62 ;;65,60", "--include-primer", "--seed", "9", "--gibbs", "12",
                "--temperature", "0.8", "--mean-field-final", "--qpm", "96", "--program", "40", "--velocity", "70",
                "--scale", "D harmonic-minor", "--count", "3", "--out", "x.mid");
        assertEquals("m", r.getModelId());
        assertEquals(4L, r.getModelVersion());
        assertEquals(8, r.getBars());
        assertEquals(0, r.getSteps());
        assertEquals(6, r.getTimeSignatureNumerator());
        assertEquals(8, r.getTimeSignatureDenominator());
        assertEquals(List.of(List.of(60, 64, 67), List.of(62), List.of(), List.of(60, 65)), r.getPrimerPitches());
        assertNull(r.getPrimer());
        assertTrue(r.getIncludePrimer());
        assertEquals(9L, r.getSeed());
        assertEquals(12, r.getGibbsSteps());
        assertEquals(0.8, r.getTemperature());
        assertTrue(r.getMeanFieldFinal());
        assertEquals(96.0, r.getQpm());
        assertEquals(40, r.getProgram());
        assertEquals(70, r.getVelocity());
        assertEquals("D harmonic-minor", r.getScale());
        assertEquals(3, r.getCount());
    }

    @Test
    void secondsAndStepsAreLengthsToo() {
        assertEquals(2.5, request("--model", "m", "--seconds", "2.5", "--out", "x.mid").getLengthSeconds());
        assertEquals(64, request("--model", "m", "--steps", "64", "--out", "x.mid").getSteps());
    }

    @Test
    void unreadableInlinePrimersAreUsageErrors() {
        UsageError e = assertThrows(UsageError.class,
                () -> request("--model", "m", "--steps", "8", "--primer-pitches", "60;C4", "--out", "x.mid"));
        assertTrue(e.getMessage().contains("step 1"), e.getMessage());
    }
}
