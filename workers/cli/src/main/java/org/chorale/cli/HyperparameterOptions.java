package org.chorale.cli;

import org.chorale.model.ModelConfig;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One flag per {@link ModelConfig} field, shared by {@code fit} (offline) and {@code train} (Kafka) so both
 * speak the same language. Unset flags keep the base configuration's value (a preset, or a checkpoint's when
 * resuming). {@link #toAvro} maps the result to the Avro record.
 */
public final class HyperparameterOptions {

    /** Starting points: the paper's 88-key one-step model, or the write-up's windowed one. */
    public enum Preset {
        paper, writeup;

        public ModelConfig config() { return this == paper ? ModelConfig.paper() : ModelConfig.writeUp(); }
    }

    @Option(names = "--preset", paramLabel = "paper|writeup", description = "Base configuration the other flags change (default: ${DEFAULT-VALUE}).", defaultValue = "paper")
    Preset preset = Preset.paper;

    @Option(names = "--lowest-pitch", paramLabel = "P", description = "MIDI pitch of the lowest modelled key (paper: 21).") Integer lowestPitch;
    @Option(names = "--pitch-count", paramLabel = "N", description = "Number of modelled keys (paper: 88).") Integer pitchCount;
    @Option(names = "--steps-per-quarter", paramLabel = "N", description = "Time grid, steps per quarter note (4 = sixteenths).") Integer stepsPerQuarter;
    @Option(names = "--steps-per-rbm", paramLabel = "N", description = "Time steps per RBM visible vector (1 = paper, >1 = windowed).") Integer stepsPerRbm;
    @Option(names = "--onsets", negatable = true, description = "Model a re-strike bit per pitch beside the play bit.") Boolean onsets;
    @Option(names = "--hidden", paramLabel = "N", description = "RBM hidden units n_h (paper: 150).") Integer hidden;
    @Option(names = "--recurrent", paramLabel = "N", description = "RNN units n_u (paper: 100).") Integer recurrent;
    @Option(names = "--recurrence", paramLabel = "tanh|sigmoid|lstm", description = "RNN unit: tanh (paper), sigmoid, or an LSTM cell.") String recurrence;
    @Option(names = "--cd-k", paramLabel = "K", description = "Gibbs steps of contrastive divergence (paper: 15).") Integer cdK;
    @Option(names = "--optimizer", paramLabel = "sgd|adam", description = "sgd (with momentum) or adam.") String optimizer;
    @Option(names = "--learning-rate", paramLabel = "LR", description = "Step size (paper: 0.001 with sgd).") Double learningRate;
    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum.") Double momentum;
    @Option(names = "--batch-size", paramLabel = "N", description = "Sequence chunks per minibatch.") Integer batchSize;
    @Option(names = "--chunk-length", paramLabel = "N", description = "Time steps per training chunk (truncated BPTT).") Integer chunkLength;
    @Option(names = "--gradient-clip", paramLabel = "X", description = "Maximum global gradient norm; 0 disables.") Double gradientClip;
    @Option(names = "--weight-init-std", paramLabel = "S", description = "Std of the Gaussian weight initialisation.") Double weightInitStd;
    @Option(names = "--pretrain-epochs", paramLabel = "N", description = "Plain-RBM pre-training epochs before the first epoch.") Integer pretrainEpochs;
    @Option(names = "--epochs", paramLabel = "N", description = "Epochs of the job (default 20).") Integer epochs;
    @Option(names = "--patience", paramLabel = "P", description = "Stop after P epochs without a better validation NLL; 0 never.") Integer patience;
    @Option(names = "--validation-samples", paramLabel = "S", description = "Samples per step for the frame accuracy; 0 = mean field.") Integer validationSamples;
    @Option(names = "--learning-rate-decay-epochs", paramLabel = "N", description = "Run the last N epochs of the job at a tenth of the learning rate (default 0: constant).") Integer learningRateDecayEpochs;
    @Option(names = "--visible-bias-init", paramLabel = "zero|corpus", description = "Start the visible biases at zero (the paper) or at the training corpus's log-odds, which keeps keys the corpus never plays silent from the first epoch.") String visibleBiasInit;

    /** The preset with every given flag applied, validated. */
    public ModelConfig toConfig() {
        return applyTo(preset.config());
    }

    /** {@code base} with every given flag applied, validated (an invalid combination is a usage error). */
    public ModelConfig applyTo(ModelConfig base) {
        Map<String, Object> fields = new LinkedHashMap<>(base.toMap());
        fields.putAll(given());
        try {
            return ModelConfig.fromMap(fields).validate();
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }

    /** The Avro record of a configuration (through the trainer's mapper, the one place the two meet). */
    public static org.chorale.events.Hyperparameters toAvro(ModelConfig config) {
        return org.chorale.trainer.HyperparametersMapper.toAvro(config);
    }

    /** The configuration an Avro record describes, validated. */
    public static ModelConfig fromAvro(org.chorale.events.Hyperparameters h) {
        return org.chorale.trainer.HyperparametersMapper.toConfig(h).validate();
    }

    /** True when the flag of ModelConfig field {@code field} (e.g. "stepsPerQuarter") was given. */
    public boolean gave(String field) { return given().containsKey(field); }

    /** The flags given on the command line, by ModelConfig field name. */
    Map<String, Object> given() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "lowestPitch", lowestPitch); put(m, "pitchCount", pitchCount); put(m, "stepsPerQuarter", stepsPerQuarter);
        put(m, "stepsPerRbm", stepsPerRbm); put(m, "onsets", onsets); put(m, "hidden", hidden);
        put(m, "recurrent", recurrent); put(m, "recurrence", recurrence); put(m, "cdK", cdK);
        put(m, "optimizer", optimizer); put(m, "learningRate", learningRate); put(m, "momentum", momentum);
        put(m, "batchSize", batchSize); put(m, "chunkLength", chunkLength); put(m, "gradientClip", gradientClip);
        put(m, "weightInitStd", weightInitStd); put(m, "pretrainEpochs", pretrainEpochs); put(m, "epochs", epochs);
        put(m, "patience", patience); put(m, "validationSamples", validationSamples);
        put(m, "visibleBiasInit", visibleBiasInit); put(m, "learningRateDecayEpochs", learningRateDecayEpochs);
        return m;
    }

    private static void put(Map<String, Object> m, String field, Object value) {
        if (value != null) m.put(field, value);
    }
}
