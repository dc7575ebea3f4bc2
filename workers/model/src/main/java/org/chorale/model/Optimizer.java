package org.chorale.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum or Adam, with global gradient-norm clipping. Its state (step count, slots) is part of a
 * checkpoint so a resumed job continues exactly.
 *
 * <pre>
 *   sgd:  vel = momentum vel - lr g;  theta += vel
 *   adam: m = b1 m + (1-b1) g;  s = b2 s + (1-b2) g^2;  theta -= lr sqrt(1-b2^t)/(1-b1^t) m / (sqrt(s) + eps)
 * </pre>
 */
final class Optimizer {
    static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

    final String kind;
    private long step;
    private final Parameters first;   // sgd: velocity; adam: first moment
    private final Parameters second;  // adam: second moment; null for sgd

    private Optimizer(String kind, long step, Parameters first, Parameters second) {
        this.kind = kind;
        this.step = step;
        this.first = first;
        this.second = second;
    }

    static Optimizer fresh(ModelConfig c, DataType dtype) {
        boolean adam = ModelConfig.ADAM.equals(c.optimizer());
        return new Optimizer(c.optimizer(), 0, Parameters.zeros(c, dtype), adam ? Parameters.zeros(c, dtype) : null);
    }

    /** Slot tensor names in checkpoints: "sgd.velocity.W", "adam.m.W", "adam.v.W", ... */
    static String slotName(String kind, int slot, String param) {
        return kind + "." + (ModelConfig.ADAM.equals(kind) ? (slot == 0 ? "m" : "v") : "velocity") + "." + param;
    }

    /** Rebuilds the optimizer from checkpoint slots (validated against the config by the caller). */
    static Optimizer restore(ModelConfig c, String kind, long step, Map<String, INDArray> slots, DataType dtype) {
        Optimizer o = fresh(c.withOptimizer(kind), dtype);
        o.step = step;
        for (int slot = 0; slot < (o.second == null ? 1 : 2); slot++) {
            Parameters target = slot == 0 ? o.first : o.second;
            for (int i = 0; i < Parameters.NAMES.size(); i++) {
                INDArray a = slots.get(slotName(kind, slot, Parameters.NAMES.get(i)));
                if (a == null) throw new IllegalArgumentException("optimizer slot "
                        + slotName(kind, slot, Parameters.NAMES.get(i)) + " is missing");
                target.get(i).assign(a.castTo(dtype).reshape(target.get(i).shape()));
            }
        }
        return o;
    }

    long step() { return step; }

    /** Copies of every slot by checkpoint name. */
    Map<String, INDArray> slots() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (int slot = 0; slot < (second == null ? 1 : 2); slot++) {
            Parameters src = slot == 0 ? first : second;
            for (int i = 0; i < Parameters.NAMES.size(); i++)
                m.put(slotName(kind, slot, Parameters.NAMES.get(i)), src.get(i).dup('c'));
        }
        return m;
    }

    /**
     * Clips {@code grad} (destroyed), whose global L2 norm is {@code norm}, to norm {@code clip} (0: no clipping)
     * and applies one update to {@code params}.
     */
    void update(Parameters params, Parameters grad, double norm, double learningRate, double momentum, double clip) {
        if (clip > 0 && norm > clip) grad.muli(clip / norm);
        step++;
        if (second == null) {
            for (int i = 0; i < params.arrays.length; i++) {
                INDArray vel = first.get(i);
                vel.muli(momentum).subi(grad.get(i).muli(learningRate));
                params.get(i).addi(vel);
            }
        } else {
            double correction = learningRate * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
            for (int i = 0; i < params.arrays.length; i++) {
                INDArray g = grad.get(i), m = first.get(i), s = second.get(i);
                m.muli(BETA1).addi(g.mul(1 - BETA1));
                s.muli(BETA2).addi(g.muli(g).muli(1 - BETA2));
                INDArray denominator = Transforms.sqrt(s, true).addi(EPSILON);
                params.get(i).subi(m.div(denominator).muli(correction));
            }
        }
    }
}
