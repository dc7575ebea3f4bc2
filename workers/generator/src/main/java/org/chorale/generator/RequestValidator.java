package org.chorale.generator;

import org.chorale.events.CompositionRequested;
import org.chorale.events.FailureReason;
import org.chorale.music.MidiLimits;
import org.chorale.music.MidiOptions;
import org.chorale.music.MidiReader;
import org.chorale.music.MidiResult;
import org.chorale.music.PianoRoll;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Checks a {@link CompositionRequested} against the limits and the model's grid, and resolves it into a
 * {@link CompositionPlan}. Every refusal names the field and the accepted range, because the caller is usually a
 * script that needs to know what to change.
 */
final class RequestValidator {
    static final double DEFAULT_QPM = 120.0;
    private static final int MAX_COUNT = 16;
    private static final int MAX_GIBBS = 1000;

    private final int maxSteps;

    /** @param maxSteps most time steps one piece may have ({@code chorale.generator.max-steps}) */
    RequestValidator(int maxSteps) {
        this.maxSteps = maxSteps;
    }

    /**
     * @param grid    the model's time grid and pitch range
     * @param version the model version that will answer
     */
    CompositionPlan plan(CompositionRequested r, Grid grid, long version) throws RequestRefusedException {
        within("gibbsSteps", r.getGibbsSteps(), 1, MAX_GIBBS);
        within("count", r.getCount(), 1, MAX_COUNT);
        within("program", r.getProgram(), 0, 127);
        within("velocity", r.getVelocity(), 1, 127);
        within("timeSignatureNumerator", r.getTimeSignatureNumerator(), 1, 64);
        int denominator = r.getTimeSignatureDenominator();
        if (denominator < 1 || denominator > 64 || Integer.bitCount(denominator) != 1)
            throw RequestRefusedException.badRequest("timeSignatureDenominator must be a power of two in 1..64, not " + denominator);
        double temperature = r.getTemperature() == null ? 1.0 : r.getTemperature();
        if (!(temperature > 0) || Double.isInfinite(temperature))
            throw RequestRefusedException.badRequest("temperature must be a positive number, not " + r.getTemperature());
        if (!(r.getMinNoteProbability() >= 0 && r.getMinNoteProbability() < 1))
            throw RequestRefusedException.badRequest("minNoteProbability must be in [0, 1), not " + r.getMinNoteProbability());
        if (r.getQpm() != null && !(r.getQpm() > 0 && r.getQpm() <= 1000))
            throw RequestRefusedException.badRequest("qpm must be in (0, 1000], not " + r.getQpm());
        Scale scale = scaleOf(r.getScale());

        PianoRoll primer = primerOf(r, grid);
        double qpm = r.getQpm() != null ? r.getQpm() : primer != null && r.getPrimer() != null ? primer.qpm() : DEFAULT_QPM;
        int steps = stepsOf(r, grid, qpm);
        long seed = r.getSeed() != null ? r.getSeed() : Seeds.fromRequestId(r.getRequestId());
        return new CompositionPlan(r.getRequestId(), r.getModelId(), version, steps, primer, r.getIncludePrimer(),
                r.getCount(), r.getGibbsSteps(), temperature, r.getMeanFieldFinal(), r.getMinNoteProbability(), seed, qpm,
                r.getTimeSignatureNumerator(), denominator, r.getProgram(), r.getVelocity(), scale);
    }

    /** The length in steps: {@code steps}, else {@code bars} of the requested metre, else {@code lengthSeconds}. */
    private int stepsOf(CompositionRequested r, Grid grid, double qpm) throws RequestRefusedException {
        double steps;
        String asked;
        if (r.getSteps() != 0) {
            steps = r.getSteps();
            asked = r.getSteps() + " steps";
            if (steps < 0) throw RequestRefusedException.badRequest("steps must be positive, not " + r.getSteps());
        } else if (r.getBars() != null) {
            if (r.getBars() < 1) throw RequestRefusedException.badRequest("bars must be positive, not " + r.getBars());
            double quartersPerBar = r.getTimeSignatureNumerator() * 4.0 / r.getTimeSignatureDenominator();
            steps = Math.ceil(r.getBars() * quartersPerBar * grid.stepsPerQuarter());
            asked = r.getBars() + " bars";
        } else if (r.getLengthSeconds() != null) {
            double seconds = r.getLengthSeconds();
            if (!(seconds > 0) || Double.isInfinite(seconds))
                throw RequestRefusedException.badRequest("lengthSeconds must be a positive number, not " + seconds);
            steps = Math.ceil(seconds * qpm / 60.0 * grid.stepsPerQuarter());
            asked = seconds + " s at " + qpm + " qpm";
        } else {
            throw RequestRefusedException.badRequest("say how long: steps, bars or lengthSeconds");
        }
        if (steps > maxSteps)
            throw new RequestRefusedException(FailureReason.TOO_LONG, asked + " is " + (long) steps
                    + " steps of the model's grid; the limit is " + maxSteps);
        return (int) Math.max(1, steps);
    }

    private PianoRoll primerOf(CompositionRequested r, Grid grid) throws RequestRefusedException {
        if (r.getPrimer() != null) return parsePrimer(r.getPrimer(), grid);
        if (r.getPrimerPitches() != null) return inlinePrimer(r.getPrimerPitches(), grid);
        return null;
    }

    private PianoRoll parsePrimer(ByteBuffer buffer, Grid grid) throws RequestRefusedException {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        MidiOptions options = MidiOptions.defaults().withStepsPerQuarter(grid.stepsPerQuarter())
                .withRange(grid.lowestPitch(), grid.pitchCount())
                .withLimits(MidiLimits.defaults().withMaxSteps(maxSteps));
        MidiResult result = MidiReader.read(bytes, "primer", options);
        if (result instanceof MidiResult.Rejected rejected)
            throw new RequestRefusedException(FailureReason.BAD_PRIMER,
                    "primer MIDI refused (" + rejected.error().reason() + "): " + rejected.error().message());
        return ((MidiResult.Parsed) result).roll();
    }

    private PianoRoll inlinePrimer(List<List<Integer>> pitches, Grid grid) throws RequestRefusedException {
        if (pitches.size() > maxSteps)
            throw new RequestRefusedException(FailureReason.BAD_PRIMER,
                    "primerPitches has " + pitches.size() + " steps; the limit is " + maxSteps);
        int[][] steps = new int[pitches.size()][];
        for (int t = 0; t < steps.length; t++) {
            List<Integer> step = pitches.get(t);
            steps[t] = step == null ? new int[0] : step.stream().mapToInt(p -> p == null ? -1 : p).toArray();
            for (int p : steps[t])
                if (p < grid.lowestPitch() || p >= grid.lowestPitch() + grid.pitchCount())
                    throw new RequestRefusedException(FailureReason.BAD_PRIMER, "primerPitches step " + t + " has pitch "
                            + p + ", outside the model's range " + grid.lowestPitch() + ".." + (grid.lowestPitch() + grid.pitchCount() - 1));
        }
        return PianoRoll.builder().name("primer").stepsPerQuarter(grid.stepsPerQuarter())
                .range(grid.lowestPitch(), grid.pitchCount()).steps(steps).build();
    }

    private static Scale scaleOf(String text) throws RequestRefusedException {
        if (text == null || text.isBlank()) return null;
        try {
            return Scale.parse(text);
        } catch (IllegalArgumentException e) {
            throw RequestRefusedException.badRequest(e.getMessage());
        }
    }

    private static void within(String field, int value, int min, int max) throws RequestRefusedException {
        if (value < min || value > max)
            throw RequestRefusedException.badRequest(field + " must be in " + min + ".." + max + ", not " + value);
    }

    /** The part of a model's configuration a request is measured against. */
    record Grid(int stepsPerQuarter, int lowestPitch, int pitchCount) {}
}
