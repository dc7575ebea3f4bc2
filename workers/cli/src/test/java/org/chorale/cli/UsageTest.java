package org.chorale.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Usage mistakes give exit code 2 and one clear line naming the problem; --help and --version give 0. */
class UsageTest {

    private static void assertUsage(Run run, String expectedInMessage) {
        assertEquals(2, run.exitCode(), run.toString());
        String firstLine = run.err().lines().findFirst().orElse("");
        assertTrue(firstLine.contains(expectedInMessage), "expected '" + expectedInMessage + "' in: " + firstLine);
        assertTrue(run.err().contains("--help"), "points to --help: " + run.err());
    }

    @Test void noCommandIsAUsageError() {
        assertUsage(Run.of(), "missing command");
    }

    @Test void unknownCommandOrOptionIsAUsageError() {
        assertUsage(Run.of("frobnicate"), "frobnicate");
        assertUsage(Run.of("inspect", "--bogus", "x.mid"), "--bogus");
    }

    @Test void missingRequiredOptionIsAUsageError() {
        assertUsage(Run.of("fit", "--out", "m.ckpt"), "--dataset");
        assertUsage(Run.of("compose", "--model", "m", "--out", "f.mid"), "--steps");
        assertUsage(Run.of("topics"), "missing subcommand");
    }

    @Test void exclusiveLengthsAndBadValuesAreUsageErrors() {
        assertUsage(Run.of("compose", "--model", "m", "--steps", "10", "--bars", "2", "--out", "f.mid"), "mutually exclusive");
        assertUsage(Run.of("publish", "x.mid", "--dataset", "d", "--split", "training"), "--split must be train, valid or test");
        assertUsage(Run.of("compose", "--model", "m", "--steps", "1", "--timeout", "soon", "--out", "f.mid"), "soon");
        assertUsage(Run.of("worker", "painter"), "painter");
    }

    @Test void invalidHyperparametersAreUsageErrors() {
        assertUsage(Run.of("fit", "--dataset", "d.json", "--out", "m.ckpt", "--optimizer", "rmsprop"), "optimizer must be sgd or adam");
    }

    @Test void helpAndVersionSucceed() {
        Run help = Run.of("--help");
        assertEquals(0, help.exitCode());
        for (String command : new String[] {"demo", "standalone", "broker", "topics", "worker", "publish", "train", "compose",
                "status", "inspect", "fit", "eval", "sample", "stats", "bench"})
            assertTrue(help.out().contains(command), "lists " + command);
        Run composeHelp = Run.of("compose", "--help");
        assertEquals(0, composeHelp.exitCode());
        assertTrue(composeHelp.out().contains("--bootstrap-servers") && composeHelp.out().contains("--scale"), composeHelp.out());
        Run version = Run.of("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("chorale "), version.out());
    }

    @Test void aFailureIsExitOneWithOneLine() {
        Run run = Run.of("sample", "--checkpoint", "/nonexistent/m.ckpt", "--steps", "4", "--out", "x.mid");
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("/nonexistent/m.ckpt"), run.err());
    }
}
