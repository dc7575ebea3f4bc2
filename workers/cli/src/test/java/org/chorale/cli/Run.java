package org.chorale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One {@code chorale} command line run in this JVM, with its exit code and what it printed. */
public record Run(int exitCode, String out, String err) {

    public static Run of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Chorale.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A command line whose command objects a test can reach (to stop a long-running one). */
    public static Started prepare(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = Chorale.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        return new Started(cli, args, out, err);
    }

    public record Started(CommandLine cli, String[] args, StringWriter out, StringWriter err) {
        public <T> T command(String name) {
            return cli.getSubcommands().get(name).getCommand();
        }

        public Run execute() {
            int code = cli.execute(args);
            return new Run(code, out.toString(), err.toString());
        }
    }

    public JsonNode json() {
        try {
            return Json.mapper().readTree(out);
        } catch (java.io.IOException e) {
            throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
        }
    }

    @Override public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
