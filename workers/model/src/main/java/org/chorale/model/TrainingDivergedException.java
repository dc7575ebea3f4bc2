package org.chorale.model;

/**
 * Training produced a non-finite cost or gradient (typically a learning rate too high for the data). The session's
 * parameters may already be damaged: discard the session and resume from the last checkpoint with other settings.
 */
public class TrainingDivergedException extends IllegalStateException {
    public TrainingDivergedException(String message) { super(message); }
}
