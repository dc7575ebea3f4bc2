package org.chorale.cli.kafka;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.chorale.cli.ChoraleCommand;
import org.chorale.cli.DurationConverter;
import org.chorale.cli.Json;
import org.chorale.cli.MidiFiles;
import org.chorale.cli.OutputFiles;
import org.chorale.cli.UsageError;
import org.chorale.runtime.ChoraleConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code chorale publish}: sends MIDI files to the ingest topic. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends MIDI files to chorale.midi.ingest (as Avro MidiSubmitted, or bare bytes with --raw).",
                "With --wait, reports what the ingest worker made of each: a piano roll or a rejection (then exit 1)."})
public final class PublishCommand extends ChoraleCommand {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "MIDI files, or folders searched for .mid/.midi/.kar/.smf files.")
    List<Path> paths;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "Dataset the pieces belong to (models train on one dataset).")
    String dataset;

    @Option(names = "--split", paramLabel = "train|valid|test", description = "Split of every piece (default: assigned by the ingest worker from the content hash).")
    String split;

    @Option(names = "--raw", description = "Send the file bytes as the record value with 'dataset'/'split' headers, as any Kafka client can.")
    boolean raw;

    @Option(names = "--wait", description = "Wait for each piece's roll or rejection and report them.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "120s", converter = DurationConverter.class,
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Mixin KafkaOptions kafka;

    @Override protected int execute() {
        if (split != null && !Set.of("train", "valid", "test").contains(split))
            throw new UsageError("--split must be train, valid or test, not " + split);
        List<Path> files = MidiFiles.expand(paths);
        if (files.isEmpty()) throw new UsageError("no MIDI files found in " + paths);
        List<Publisher.Piece> pieces = new ArrayList<>();
        for (Path f : files) pieces.add(new Publisher.Piece(MidiFiles.pieceName(f), OutputFiles.read(f)));

        ChoraleConfig config = kafka.reachableConfig();
        String topic = config.topics().midiIngest();
        IngestWatch watch = await ? IngestWatch.open(config) : null;
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(config)) {
            List<Publisher.Sent> sent = Publisher.publish(producer, topic, pieces, dataset, split, raw);
            if (!json) out().println("sent " + sent.size() + " file(s) to " + topic + " on " + config.bootstrapServers()
                    + " (dataset " + dataset + (split == null ? "" : ", split " + split) + (raw ? ", raw" : "") + ")");
            if (watch == null) {
                if (json) out().println(Json.write(sentJson(sent, Map.of())));
                return 0;
            }
            Map<String, IngestWatch.Outcome> outcomes = watch.await(sent, timeout, () -> false);
            if (json) out().println(Json.write(sentJson(sent, outcomes)));
            else report(sent, outcomes);
            long rejected = outcomes.values().stream().filter(o -> !o.accepted()).count();
            return rejected == 0 && outcomes.size() == sent.size() ? 0 : 1;
        } finally {
            if (watch != null) watch.close();
        }
    }

    private void report(List<Publisher.Sent> sent, Map<String, IngestWatch.Outcome> outcomes) {
        int accepted = 0, rejected = 0;
        for (Publisher.Sent s : sent) {
            IngestWatch.Outcome o = outcomes.get(s.source());
            if (o == null) {
                out().println("  " + s.name() + ": no answer within " + timeout.toSeconds() + " s (is the ingest worker running?)");
            } else if (o.accepted()) {
                accepted++;
                out().println("  " + s.name() + ": roll " + o.roll().getPieceId() + " (" + o.roll().getSplit() + ", "
                        + o.roll().getSteps().size() + " steps" + (o.roll().getNotesDropped() > 0 ? ", " + o.roll().getNotesDropped() + " notes dropped" : "") + ")");
            } else {
                rejected++;
                out().println("  " + s.name() + ": rejected " + o.rejection().getReason() + " - " + o.rejection().getDetail());
            }
        }
        out().println(accepted + " roll(s), " + rejected + " rejected, " + (sent.size() - outcomes.size()) + " unanswered");
    }

    private ArrayNode sentJson(List<Publisher.Sent> sent, Map<String, IngestWatch.Outcome> outcomes) {
        ArrayNode array = Json.mapper().createArrayNode();
        for (Publisher.Sent s : sent) {
            ObjectNode o = array.addObject();
            o.put("name", s.name()).put("partition", s.partition()).put("offset", s.offset());
            if (!await) continue;
            IngestWatch.Outcome outcome = outcomes.get(s.source());
            if (outcome == null) o.put("status", "unanswered");
            else if (outcome.accepted()) o.put("status", "roll").put("pieceId", outcome.roll().getPieceId())
                    .put("split", outcome.roll().getSplit()).put("steps", outcome.roll().getSteps().size())
                    .put("notesDropped", outcome.roll().getNotesDropped());
            else o.put("status", "rejected").put("reason", outcome.rejection().getReason().name())
                    .put("detail", outcome.rejection().getDetail());
        }
        return array;
    }
}
