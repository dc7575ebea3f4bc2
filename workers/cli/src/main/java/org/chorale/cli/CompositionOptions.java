package org.chorale.cli;

import org.chorale.events.CompositionRequested;
import org.chorale.generator.Scale;
import org.chorale.model.ModelConfig;
import org.chorale.model.SampleSettings;
import org.chorale.music.MidiOptions;
import org.chorale.music.MidiReader;
import org.chorale.music.MidiResult;
import org.chorale.music.MidiWriteOptions;
import org.chorale.music.PianoRoll;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * What to compose, shared by {@code sample} (offline, from a checkpoint file) and {@code compose} (a request to
 * the generator fleet): the same flags map either to the model's {@link SampleSettings} or to the
 * {@link CompositionRequested} event, here and nowhere else.
 */
public final class CompositionOptions {

    /** Exactly one way to say how long. */
    public static final class Length {
        @Option(names = "--steps", paramLabel = "N", required = true, description = "Length in time steps of the model's grid.")
        Integer steps;
        @Option(names = "--bars", paramLabel = "B", required = true, description = "Length in bars of the time signature.")
        Integer bars;
        @Option(names = "--seconds", paramLabel = "S", required = true, description = "Length in seconds at the tempo.")
        Double seconds;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Length length;

    @Option(names = "--primer", paramLabel = "F.mid", description = "MIDI file whose music conditions the RNN before sampling.")
    Path primer;
    @Option(names = "--primer-pitches", paramLabel = "P,P;P;;P", description = {"Inline primer: MIDI pitches per step of the model's grid,",
            "steps separated by ';', pitches by ',' (an empty step is a rest), e.g. \"60,64,67;60,64,67;;62\"."})
    String primerPitches;
    @Option(names = "--include-primer", description = "Start the output with the primer (else only condition on it).")
    boolean includePrimer;
    @Option(names = "--seed", paramLabel = "S", description = "Random seed (piece i uses S + i); same seed and model = same music.")
    Long seed;
    @Option(names = "--gibbs", paramLabel = "K", defaultValue = "25", description = "Gibbs steps per generated step (default: ${DEFAULT-VALUE}).")
    int gibbs;
    @Option(names = "--temperature", paramLabel = "T", description = "Divides the RBM energy: >1 more adventurous, <1 more conservative (default 1).")
    Double temperature;
    @Option(names = "--mean-field-final", description = "End each step with the thresholded mean field instead of a sample.")
    boolean meanFieldFinal;
    @Option(names = "--min-note-probability", paramLabel = "P", defaultValue = "0", description = {"Drop a sampled note whose probability given the chain's last hidden state",
            "is below P, in [0, 1): ~0.02 removes stray notes (default: ${DEFAULT-VALUE}, keep every sample)."})
    double minNoteProbability;
    @Option(names = "--qpm", paramLabel = "Q", description = "Tempo written to the file (default: the primer's, else 120).")
    Double qpm;
    @Option(names = "--time-signature", paramLabel = "N/D", defaultValue = "4/4", description = "Time signature written to the file (default: ${DEFAULT-VALUE}).")
    String timeSignature;
    @Option(names = "--program", paramLabel = "P", defaultValue = "0", description = "General MIDI program 0..127 (default: ${DEFAULT-VALUE}, piano).")
    int program;
    @Option(names = "--velocity", paramLabel = "V", defaultValue = "80", description = "Note velocity 1..127 (default: ${DEFAULT-VALUE}).")
    int velocity;
    @Option(names = "--scale", paramLabel = "SCALE", description = "Key constraint, e.g. \"C major\", \"A minor\", \"D harmonic-minor\".")
    String scale;
    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Pieces to compose; N > 1 writes F-1.mid, F-2.mid, ... (default: ${DEFAULT-VALUE}).")
    int count;

    public int count() { return count; }

    public int program() { return program; }

    public int velocity() { return velocity; }

    /** The seed given, or a fresh one from the clock (printed, so the piece can be made again). */
    public long seedOrRandom() {
        return seed != null ? seed : System.nanoTime() & 0xFFFF_FFFFL;
    }

    /** [numerator, denominator] of --time-signature. */
    public int[] timeSignature() {
        String[] parts = timeSignature.trim().split("/");
        try {
            if (parts.length == 2) {
                int n = Integer.parseInt(parts[0].trim()), d = Integer.parseInt(parts[1].trim());
                if (n >= 1 && n <= 64 && d >= 1 && d <= 64 && Integer.bitCount(d) == 1) return new int[] {n, d};
            }
        } catch (NumberFormatException ignored) {
            // falls through to the usage error
        }
        throw new UsageError("--time-signature must look like 3/4 (a beat count and a power-of-two beat unit), not " + timeSignature);
    }

    /** The composition request event (the generator validates it; the CLI checks only what it must read). */
    public CompositionRequested toRequest(String requestId, String modelId, Long modelVersion) {
        int[] ts = timeSignature();
        CompositionRequested.Builder b = CompositionRequested.newBuilder()
                .setRequestId(requestId).setModelId(modelId).setModelVersion(modelVersion)
                .setSteps(length.steps != null ? length.steps : 0).setBars(length.bars).setLengthSeconds(length.seconds)
                .setIncludePrimer(includePrimer).setCount(count).setGibbsSteps(gibbs).setTemperature(temperature)
                .setMeanFieldFinal(meanFieldFinal).setMinNoteProbability(minNoteProbability).setSeed(seed).setQpm(qpm)
                .setTimeSignatureNumerator(ts[0]).setTimeSignatureDenominator(ts[1])
                .setProgram(program).setVelocity(velocity).setScale(scale)
                .setRequestedAt(java.time.Instant.now());
        if (primer != null && primerPitches != null) throw new UsageError("give --primer or --primer-pitches, not both");
        if (primer != null) b.setPrimer(ByteBuffer.wrap(OutputFiles.read(primer)));
        if (primerPitches != null) b.setPrimerPitches(java.util.Arrays.stream(inlinePrimer())
                .map(step -> java.util.Arrays.stream(step).boxed().toList()).toList());
        return b.build();
    }

    /** The model's sampling settings for an offline run on a model of {@code config}, with {@code seed}. */
    public SampleSettings toSampleSettings(ModelConfig config, long seed, String name) {
        int[] ts = timeSignature();
        if (primer != null && primerPitches != null) throw new UsageError("give --primer or --primer-pitches, not both");
        PianoRoll primerRoll = primer != null ? readPrimer(config) : primerPitches != null ? inlinePrimerRoll(config) : null;
        double tempo = qpm != null ? qpm : primer != null ? primerRoll.qpm() : 120.0;
        SampleSettings s = SampleSettings.of(steps(config, ts, tempo), seed)
                .withPrimer(primerRoll, includePrimer).withGibbsSteps(gibbs)
                .withTemperature(temperature == null ? 1.0 : temperature).withMeanFieldFinal(meanFieldFinal)
                .withMinNoteProbability(minNoteProbability).withCount(count).withName(name).withQpm(tempo).withTimeSignature(ts[0], ts[1]);
        if (scale != null) {
            try {
                s = s.withAllowedPitches(Scale.parse(scale).allowedPitches(config.lowestPitch(), config.pitchCount()));
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
        }
        try {
            return s.validate(config);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }

    /** How the pieces are written as MIDI (program, velocity, tempo, the provenance text). */
    public MidiWriteOptions writeOptions(double tempo, String metadata) {
        if (program < 0 || program > 127) throw new UsageError("--program must be in 0..127, not " + program);
        if (velocity < 1 || velocity > 127) throw new UsageError("--velocity must be in 1..127, not " + velocity);
        return MidiWriteOptions.defaults().withProgram(program).withVelocity(velocity).withQpm(tempo).withMetadata(metadata);
    }

    private int steps(ModelConfig config, int[] ts, double tempo) {
        double steps;
        if (length.steps != null) steps = length.steps;
        else if (length.bars != null) steps = Math.ceil(length.bars * (ts[0] * 4.0 / ts[1]) * config.stepsPerQuarter());
        else steps = Math.ceil(length.seconds * tempo / 60.0 * config.stepsPerQuarter());
        if (!(steps >= 1) || steps > SampleSettings.DEFAULT_MAX_STEPS)
            throw new UsageError("the length must be 1.." + SampleSettings.DEFAULT_MAX_STEPS + " steps, not " + (long) steps);
        return (int) steps;
    }

    /** --primer-pitches as pitches per step. */
    int[][] inlinePrimer() {
        String[] steps = primerPitches.split(";", -1);
        int[][] out = new int[steps.length][];
        for (int t = 0; t < steps.length; t++) {
            String step = steps[t].trim();
            try {
                out[t] = step.isEmpty() ? new int[0]
                        : java.util.Arrays.stream(step.split(",")).map(String::trim).mapToInt(Integer::parseInt).distinct().sorted().toArray();
            } catch (NumberFormatException e) {
                throw new UsageError("--primer-pitches step " + t + " (\"" + step + "\") is not a list of MIDI pitches");
            }
        }
        return out;
    }

    private PianoRoll inlinePrimerRoll(ModelConfig config) {
        int[][] steps = inlinePrimer();
        int low = config.lowestPitch(), high = low + config.pitchCount() - 1;
        for (int t = 0; t < steps.length; t++)
            for (int p : steps[t])
                if (p < low || p > high)
                    throw new UsageError("--primer-pitches step " + t + " has pitch " + p + ", outside the model's range " + low + ".." + high);
        return PianoRoll.builder().name("primer").stepsPerQuarter(config.stepsPerQuarter())
                .range(low, config.pitchCount()).steps(steps).build();
    }

    /** The text written into every file and printed, saying how piece {@code piece} was made. */
    public String metadata(String model, String version, SampleSettings s, int piece) {
        return "chorale model=" + model + " version=" + version + " seed=" + (s.seed() + piece) + " steps=" + s.steps()
                + " gibbs=" + s.gibbsSteps() + " temperature=" + s.temperature() + " meanFieldFinal=" + s.meanFieldFinal()
                + (s.minNoteProbability() > 0 ? " minNoteProbability=" + s.minNoteProbability() : "")
                + " primer=" + (s.primer() == null ? "none" : s.primer().length() + "steps") + " includePrimer=" + s.includePrimer()
                + " scale=" + (scale == null ? "none" : scale.trim()) + " qpm=" + s.qpm()
                + " timeSignature=" + s.timeSignatureNumerator() + "/" + s.timeSignatureDenominator()
                + " program=" + program + " velocity=" + velocity;
    }

    private PianoRoll readPrimer(ModelConfig config) {
        MidiOptions options = MidiOptions.defaults().withStepsPerQuarter(config.stepsPerQuarter())
                .withRange(config.lowestPitch(), config.pitchCount());
        MidiResult result = MidiReader.read(OutputFiles.read(primer), "primer", options);
        if (result instanceof MidiResult.Parsed parsed) return parsed.roll();
        throw new CliFailure("primer " + primer + " refused: " + ((MidiResult.Rejected) result).error());
    }
}
