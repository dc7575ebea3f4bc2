package org.chorale.cli.kafka;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.chorale.cli.ChoraleCommand;
import org.chorale.cli.CliFailure;
import org.chorale.cli.CompositionOptions;
import org.chorale.cli.DurationConverter;
import org.chorale.cli.Json;
import org.chorale.cli.OutputFiles;
import org.chorale.cli.WrittenPiece;
import org.chorale.events.CompositionCompleted;
import org.chorale.events.CompositionRequested;
import org.chorale.runtime.ChoraleConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code chorale compose}: asks the generator fleet for a composition and writes the MIDI. */
@Command(name = "compose", sortOptions = false,
        description = {"Requests a composition from the generator fleet (CompositionRequested keyed by a fresh request id),",
                "waits for the answer on chorale.compositions and writes the MIDI. A refusal prints the reason (exit 1)."})
public final class ComposeCommand extends ChoraleCommand {

    // no standard -V/--version here: --version is the model version
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--model", required = true, paramLabel = "M", description = "Model to sample from.")
    String model;

    @Option(names = "--version", paramLabel = "V", description = "Checkpoint version (default: the newest the generator holds).")
    Long version;

    @Mixin CompositionOptions composition;

    @Option(names = "--out", required = true, paramLabel = "F.mid", description = "Output file (F-1.mid, F-2.mid, ... with --count > 1).")
    Path out;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "120s", converter = DurationConverter.class,
            description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Mixin KafkaOptions kafka;

    @Override protected int execute() {
        ChoraleConfig config = kafka.reachableConfig();
        String requestId = UUID.randomUUID().toString();
        CompositionRequested request = composition.toRequest(requestId, model, version);
        try (CompositionClient client = new CompositionClient(config)) {
            client.send(request);
            CompositionClient.Answer answer = client.await(requestId, timeout).orElseThrow(() -> new CliFailure(
                    "no answer to request " + requestId + " within " + timeout.toSeconds() + " s (is a generator running?)"));
            if (answer instanceof CompositionClient.Failed failed) {
                var f = failed.event();
                if (json) out().println(Json.write(Json.object().put("requestId", requestId).put("status", "failed")
                        .put("reason", f.getReason().name()).put("detail", f.getDetail())));
                err().println("chorale compose: refused (" + f.getReason() + "): " + f.getDetail());
                return 1;
            }
            CompositionClient.Completed done = (CompositionClient.Completed) answer;
            List<WrittenPiece> written = write(done, out);
            print(done.event(), written);
            return 0;
        }
    }

    /** Writes every piece of the answer; steps as the generator reports them. */
    static List<WrittenPiece> write(CompositionClient.Completed done, Path out) {
        List<byte[]> files = done.midiFiles();
        List<Path> paths = OutputFiles.numbered(out, files.size());
        List<WrittenPiece> written = new ArrayList<>();
        for (int i = 0; i < files.size(); i++)
            written.add(WrittenPiece.write(paths.get(i), files.get(i), 4).withSteps(done.event().getSteps()));
        return written;
    }

    private void print(CompositionCompleted c, List<WrittenPiece> written) {
        if (json) {
            ObjectNode root = Json.object().put("requestId", c.getRequestId()).put("status", "completed")
                    .put("model", c.getModelId()).put("version", c.getModelVersion()).put("seed", c.getSeed())
                    .put("steps", c.getSteps()).put("seconds", c.getSeconds()).put("worker", c.getWorker());
            ArrayNode files = root.putArray("files");
            for (WrittenPiece w : written)
                files.addObject().put("file", w.path().toString()).put("notes", w.notes()).put("seconds", w.seconds()).put("bytes", w.bytes());
            root.putPOJO("stats", c.getStats());
            out().println(Json.write(root));
            return;
        }
        out().printf("model %s version %d, seed %d: %d piece(s) of %d steps, composed in %.1f s by %s%n", c.getModelId(),
                c.getModelVersion(), c.getSeed(), written.size(), c.getSteps(), c.getSeconds(), c.getWorker());
        written.forEach(w -> out().println("  " + w.describe()));
    }
}
