package org.chorale.cli;

import org.chorale.cli.kafka.BrokerCommand;
import org.chorale.cli.kafka.ComposeCommand;
import org.chorale.cli.kafka.DemoCommand;
import org.chorale.cli.kafka.PublishCommand;
import org.chorale.cli.kafka.StandaloneCommand;
import org.chorale.cli.kafka.StatusCommand;
import org.chorale.cli.kafka.TopicsCommand;
import org.chorale.cli.kafka.TrainCommand;
import org.chorale.cli.kafka.WorkerCommand;
import org.chorale.cli.offline.BenchCommand;
import org.chorale.cli.offline.EvalCommand;
import org.chorale.cli.offline.FitCommand;
import org.chorale.cli.offline.InspectCommand;
import org.chorale.cli.offline.SampleCommand;
import org.chorale.cli.offline.StatsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The {@code chorale} command: the offline model tools and the Kafka fleet behind one entry point.
 * Exit codes: 0 ok, 1 failure, 2 usage error.
 */
@Command(name = "chorale", mixinStandardHelpOptions = true, versionProvider = CodeVersion.class,
        description = "Learns polyphonic music from MIDI with an RNN-RBM and composes new pieces; "
                + "a fleet of workers connected by Kafka.",
        subcommands = {
                DemoCommand.class, StandaloneCommand.class, BrokerCommand.class, TopicsCommand.class,
                WorkerCommand.class, PublishCommand.class, TrainCommand.class, ComposeCommand.class,
                StatusCommand.class, InspectCommand.class, FitCommand.class, EvalCommand.class,
                SampleCommand.class, StatsCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Chorale implements Runnable {

    @Spec CommandSpec spec;

    /** Without a subcommand there is nothing to do: that is a usage error, like an unknown option. */
    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        // A long-running command has already stopped its threads; exit explicitly so a stray non-daemon
        // thread of a library (ND4J, Kafka) cannot keep a finished command alive.
        System.exit(code);
    }

    /** Runs one command line with the given output streams and returns its exit code (used by tests too). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /** The configured picocli command line: our streams, one-line errors, our exit codes. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Chorale());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Errors::onUsageError);
        cli.setExecutionExceptionHandler(Errors::onFailure);
        return cli;
    }
}
