package org.chorale.cli;

/** A usage mistake found after parsing (option combinations picocli cannot check): exit code 2. */
public final class UsageError extends CliFailure {
    public UsageError(String message) { super(message); }
}
