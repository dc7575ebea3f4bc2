package org.chorale.cli;

/** A failure the user can act on: its message is printed as is, and the command exits with 1. */
public class CliFailure extends RuntimeException {
    public CliFailure(String message) { super(message); }
    public CliFailure(String message, Throwable cause) { super(message, cause); }
}
