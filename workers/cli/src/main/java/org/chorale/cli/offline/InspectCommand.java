package org.chorale.cli.offline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.chorale.cli.ChoraleCommand;
import org.chorale.cli.Json;
import org.chorale.cli.UsageError;
import org.chorale.music.InspectReport;
import org.chorale.music.Inspector;
import org.chorale.music.MidiOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code chorale inspect}: what the ingest worker would make of each file, without publishing anything. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Checks MIDI files before publishing: parsed or rejected (reason code and message), format, "
                + "tracks, PPQ/SMPTE, tempo changes, steps, pitch range, notes dropped.",
                "Exit code 1 when any file was rejected or unreadable."})
public final class InspectCommand extends ChoraleCommand {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "MIDI files, or folders searched for .mid/.midi/.kar files.")
    List<Path> paths;

    @Option(names = "--json", description = "One JSON array of reports on stdout.")
    boolean json;

    @Option(names = "--steps-per-quarter", paramLabel = "N", defaultValue = "4", description = "Time grid the steps are counted on (default: ${DEFAULT-VALUE}).")
    int stepsPerQuarter;

    @Option(names = "--lowest-pitch", paramLabel = "P", defaultValue = "21", description = "Lowest pitch kept (default: ${DEFAULT-VALUE}).")
    int lowestPitch;

    @Option(names = "--pitch-count", paramLabel = "N", defaultValue = "88", description = "Pitches kept from the lowest (default: ${DEFAULT-VALUE}).")
    int pitchCount;

    @Option(names = "--drums", description = "Keep channel 10 (percussion) notes as pitches.")
    boolean drums;

    @Override protected int execute() {
        MidiOptions options;
        try {
            options = MidiOptions.defaults().withStepsPerQuarter(stepsPerQuarter).withRange(lowestPitch, pitchCount)
                    .withIncludeDrums(drums);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        List<InspectReport> reports = Inspector.inspectAll(paths, options);
        if (reports.isEmpty()) {
            err().println("chorale inspect: no MIDI files (.mid, .midi, .kar) found in " + paths);
            return 1;
        }
        if (json) {
            ArrayNode array = Json.mapper().createArrayNode();
            for (InspectReport r : reports) array.add(parse(r.toJson()));
            out().println(Json.write(array));
        } else {
            reports.forEach(r -> out().println(r.summaryLine()));
        }
        long refused = reports.stream().filter(r -> r.status() != InspectReport.Status.PARSED).count();
        if (!json && reports.size() > 1)
            out().println(reports.size() + " files: " + (reports.size() - refused) + " parsed, " + refused + " rejected or unreadable");
        return refused == 0 ? 0 : 1;
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the inspector wrote invalid JSON: " + e.getMessage(), e);
        }
    }
}
