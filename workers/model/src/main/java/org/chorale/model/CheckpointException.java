package org.chorale.model;

/** A checkpoint that cannot be read: corrupt, truncated, not a checkpoint, too new, or inconsistent. */
public class CheckpointException extends Exception {
    public CheckpointException(String message) { super(message); }
    public CheckpointException(String message, Throwable cause) { super(message, cause); }
}
