package org.chorale.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to continue a training job or to serve a model: the model (config, parameters, provenance,
 * whose seed and epoch are the whole RNG state) and the optimizer (kind, step count, slot tensors).
 *
 * @param optimizer      "sgd", "adam", or {@link #MODEL_ONLY} when the checkpoint carries no optimizer state
 * @param optimizerStep  updates applied so far (Adam's bias correction needs it)
 * @param optimizerSlots slot tensors by name ("sgd.velocity.W", "adam.m.W", "adam.v.W", ...)
 */
public record Checkpoint(RnnRbm model, String optimizer, long optimizerStep, Map<String, INDArray> optimizerSlots) {
    /** Optimizer kind of a checkpoint that holds only the model (for generators); resuming it starts a fresh
     *  optimizer. */
    public static final String MODEL_ONLY = "none";

    public Checkpoint {
        Objects.requireNonNull(model, "model");
        optimizer = Objects.requireNonNullElse(optimizer, MODEL_ONLY);
        optimizerSlots = Collections.unmodifiableMap(new LinkedHashMap<>(
                optimizerSlots == null ? Map.of() : optimizerSlots));
    }

    public static Checkpoint modelOnly(RnnRbm model) {
        return new Checkpoint(model, MODEL_ONLY, 0, Map.of());
    }

    public ModelConfig config() { return model.config(); }
    public Provenance provenance() { return model.provenance(); }
    public int epoch() { return model.provenance().epoch(); }
    public long seed() { return model.provenance().seed(); }
}
