package org.chorale.music;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the whole read path with Jazzer. Without {@code JAZZER_FUZZ=1} (a normal build) it
 * replays the inputs in {@code src/test/resources/org/chorale/music/MidiFuzzTestInputs/parseQuantiseWriteRead/};
 * with it, it fuzzes for {@code maxDuration}:
 * <pre>JAZZER_FUZZ=1 mvn -pl workers/music test -Dtest=MidiFuzzTest</pre>
 * Findings are written to that inputs folder, where they then stay as regression cases.
 */
class MidiFuzzTest {
    /** Small limits so the fuzzer explores structure rather than huge allocations the limits allow anyway. */
    static final MidiOptions OPTIONS = MidiOptions.defaults()
            .withLimits(MidiLimits.defaults().withMaxEvents(20_000).withMaxSteps(20_000));

    @FuzzTest(maxDuration = "5m")
    void parseQuantiseWriteRead(byte[] input) {
        FuzzOracle.check(input, OPTIONS);
    }
}
