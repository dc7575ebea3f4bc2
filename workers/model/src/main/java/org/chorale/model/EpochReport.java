package org.chorale.model;

/**
 * What one training epoch did.
 *
 * @param epoch              the epoch number just completed (1 for the first)
 * @param meanCost           mean over time steps of F_t(v_t) - F_t(v*_t), the CD cost
 * @param meanGradientNorm   mean over minibatches of the global gradient L2 norm, before clipping
 * @param timeSteps          RBM time steps trained (visible rows; a row spans stepsPerRbm frames)
 * @param seconds            wall time of the epoch, pre-training included
 */
public record EpochReport(int epoch, double meanCost, double meanGradientNorm, long timeSteps, double seconds) {
    public double timeStepsPerSecond() { return seconds > 0 ? timeSteps / seconds : 0; }
}
