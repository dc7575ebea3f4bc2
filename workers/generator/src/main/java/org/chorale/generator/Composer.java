package org.chorale.generator;

import org.chorale.model.SampleSettings;
import org.chorale.model.Sampler;
import org.chorale.music.MidiWriteOptions;
import org.chorale.music.MidiWriter;
import org.chorale.music.MusicStats;
import org.chorale.music.PianoRoll;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Samples the pieces of a {@link CompositionPlan} and writes them as MIDI. Nothing here reads a clock or a global
 * random generator, so the same model version and plan always give the same bytes.
 */
final class Composer {
    private final int maxSteps;

    /** @param maxSteps most steps of a piece and of a primer ({@code chorale.generator.max-steps}) */
    Composer(int maxSteps) {
        this.maxSteps = maxSteps;
    }

    /** The pieces as Standard MIDI Files, the steps generated per piece, and statistics of the first piece. */
    record Composition(List<byte[]> midiFiles, int steps, Map<String, Double> stats) {}

    Composition compose(Sampler sampler, CompositionPlan plan) {
        var config = sampler.config();
        boolean[] allowed = plan.scale() == null ? null : plan.scale().allowedPitches(config.lowestPitch(), config.pitchCount());
        SampleSettings settings = new SampleSettings(plan.steps(), plan.primer(), plan.includePrimer(),
                plan.gibbsSteps(), plan.temperature(), plan.seed(), plan.meanFieldFinal(), plan.minNoteProbability(), allowed, plan.count(),
                plan.requestId(), plan.qpm(), plan.timeSignatureNumerator(), plan.timeSignatureDenominator(), maxSteps);
        Sampler.Samples samples = sampler.sampleCounting(settings);
        List<PianoRoll> pieces = samples.pieces();

        List<byte[]> files = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            // The roll carries the requested metre; tempo, instrument and provenance go in through the options.
            PianoRoll piece = pieces.get(i).toBuilder().name(plan.titleFor(i))
                    .timeSignature(plan.timeSignatureNumerator(), plan.timeSignatureDenominator()).build();
            files.add(MidiWriter.write(piece, MidiWriteOptions.defaults().withProgram(plan.program())
                    .withVelocity(plan.velocity()).withQpm(plan.qpm()).withMetadata(plan.metadataFor(i))));
        }
        // invalid states are counted over the whole request; the other figures describe the first piece
        return new Composition(files, plan.steps(), MusicStats.of(List.of(pieces.get(0)), samples.invalidStates()).asMap());
    }
}
