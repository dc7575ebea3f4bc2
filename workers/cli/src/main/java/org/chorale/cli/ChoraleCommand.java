package org.chorale.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of every subcommand: the streams picocli was given (so tests capture them), and the exit code
 * convention — {@link #execute()} returns normally for success, throws {@link CliFailure} for failure (1),
 * {@link UsageError} for a usage mistake (2).
 */
public abstract class ChoraleCommand implements Callable<Integer> {

    @Spec protected CommandSpec spec;

    /** User-facing results (stdout). */
    protected PrintWriter out() { return spec.commandLine().getOut(); }

    /** Progress and diagnostics (stderr), so stdout stays parseable with --json. */
    protected PrintWriter err() { return spec.commandLine().getErr(); }

    @Override public final Integer call() throws Exception {
        try {
            return execute();
        } catch (Error e) {
            // picocli passes Errors through untouched; the user still gets one line and exit code 1
            throw new CliFailure("internal error: " + e, e);
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** Does the work; returns the exit code (0 ok, 1 a failure already reported to the user). */
    protected abstract int execute() throws Exception;
}
