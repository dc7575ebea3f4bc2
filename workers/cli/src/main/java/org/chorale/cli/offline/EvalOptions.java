package org.chorale.cli.offline;

import org.chorale.cli.UsageError;
import org.chorale.model.ModelConfig;
import org.chorale.model.eval.EvalSettings;
import picocli.CommandLine.Option;

/** How the NLL and frame accuracy are estimated (shared by {@code fit}'s per-epoch validation and {@code eval}). */
public final class EvalOptions {

    @Option(names = "--paper-eval", description = "The paper's evaluation setting (100 AIS runs, 50 accuracy samples per step): slow, for final figures.")
    boolean paper;

    @Option(names = "--ais-runs", paramLabel = "M", description = "AIS runs per time step (used when log Z cannot be enumerated).")
    Integer aisRuns;

    @Option(names = "--ais-temperatures", paramLabel = "K", description = "AIS intermediate temperatures.")
    Integer aisTemperatures;

    @Option(names = "--accuracy-samples", paramLabel = "S", description = "Samples per step for the expected frame accuracy; 0 = mean field.")
    Integer accuracySamples;

    /**
     * Fast per-epoch settings (accuracy samples from the model's validationSamples) unless --paper-eval, with the
     * flags given applied.
     */
    EvalSettings settings(ModelConfig config, long seed) {
        EvalSettings s = paper ? EvalSettings.paper() : EvalSettings.perEpoch(config);
        try {
            s = s.withAis(aisRuns != null ? aisRuns : s.aisRuns(), aisTemperatures != null ? aisTemperatures : s.aisTemperatures());
            if (accuracySamples != null) s = s.withAccuracySamples(accuracySamples);
            return s.withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }
}
