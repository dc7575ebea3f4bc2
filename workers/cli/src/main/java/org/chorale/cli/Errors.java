package org.chorale.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/** Turns exceptions into one clear line on stderr and the exit code (2 usage, 1 anything else). */
final class Errors {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Errors.class);

    private Errors() {}

    static int onUsageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(prefix(cmd) + e.getMessage());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof UsageError u) {
            // a check picocli cannot express (e.g. "--steps or --bars"), found by the command itself
            return onUsageError(new ParameterException(cmd, u.getMessage()), parsed.originalArgs().toArray(String[]::new));
        }
        err.println(prefix(cmd) + describe(e));
        err.flush();
        // The stack trace is for developers: at DEBUG so the user sees one line.
        log.debug("command failed", e);
        return CommandLine.ExitCode.SOFTWARE;
    }

    /** A human message for any exception: ours carry their message, others their type too. */
    static String describe(Throwable e) {
        if (e instanceof CliFailure) return e.getMessage();
        if (e instanceof UncheckedIOException u) e = u.getCause();
        if ((e instanceof java.util.concurrent.ExecutionException || e instanceof java.util.concurrent.CompletionException)
                && e.getCause() != null) e = e.getCause();
        if (e instanceof NoSuchFileException n) return "no such file: " + n.getFile();
        if (e instanceof InterruptedException) return "interrupted";
        String message = e.getMessage();
        String type = e.getClass().getSimpleName().replaceAll("(Exception|Error)$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        if (message == null || message.isBlank()) return type + (e.getCause() != null ? ": " + describe(e.getCause()) : "");
        return e instanceof IllegalArgumentException || e instanceof IllegalStateException ? message : type + ": " + message;
    }

    private static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": ";
    }
}
