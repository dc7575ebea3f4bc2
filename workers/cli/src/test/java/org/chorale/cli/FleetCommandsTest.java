package org.chorale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.chorale.cli.kafka.Fleet;
import org.chorale.music.DemoCorpus;
import org.chorale.music.MidiOptions;
import org.chorale.music.MidiReader;
import org.chorale.music.MidiResult;
import org.chorale.music.NamedMidi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** publish, train, compose and status, in that order, against the in-process fleet on an embedded broker. */
class FleetCommandsTest {

    static Fleet fleet;
    @TempDir static Path dir;

    @BeforeAll static void startFleet() {
        fleet = Fleet.start(Fleet.Settings.freePorts(), new PrintWriter(new StringWriter()));
    }

    @AfterAll static void stopFleet() {
        if (fleet != null) fleet.close();
    }

    private static Run chorale(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bootstrap-servers");
        all.add(fleet.bootstrapServers());
        return Run.of(all.toArray(String[]::new));
    }

    @Test void publishTrainComposeStatus() throws Exception {
        // publish: three real pieces and one that is not MIDI; --wait reports each outcome
        Path pieces = Files.createDirectories(dir.resolve("pieces"));
        List<NamedMidi> corpus = DemoCorpus.pieces();
        for (int i = 0; i < 3; i++) Files.write(pieces.resolve(corpus.get(i).name() + ".mid"), corpus.get(i).bytes());
        Files.writeString(pieces.resolve("zz-broken.mid"), "this is not a MIDI file");
        Run publish = chorale("publish", pieces.toString(), "--dataset", "t", "--split", "train", "--wait", "--json");
        assertEquals(1, publish.exitCode(), "a rejected piece makes publish --wait fail: " + publish);
        JsonNode sent = publish.json();
        assertEquals(4, sent.size());
        for (int i = 0; i < 3; i++) assertEquals("roll", sent.get(i).get("status").asText(), sent.toString());
        assertEquals("rejected", sent.get(3).get("status").asText());
        assertEquals("zz-broken", sent.get(3).get("name").asText());

        // --raw: the bare file with dataset/split headers, as kcat would send it
        Path rawFile = Files.write(dir.resolve(corpus.get(3).name() + ".mid"), corpus.get(3).bytes());
        Run raw = chorale("publish", rawFile.toString(), "--dataset", "t", "--split", "train", "--raw", "--wait");
        assertEquals(0, raw.exitCode(), raw.toString());
        assertTrue(raw.out().contains("1 roll(s), 0 rejected, 0 unanswered"), raw.out());

        // train: a tiny model, two epochs, followed to the end
        Run train = chorale("train", "--model", "m", "--dataset", "t", "--epochs", "2", "--hidden", "8", "--recurrent", "8",
                "--cd-k", "1", "--lowest-pitch", "36", "--pitch-count", "61", "--chunk-length", "32", "--seed", "4",
                "--follow", "--timeout", "5m");
        assertEquals(0, train.exitCode(), train.toString());
        assertTrue(train.out().contains("epoch 1/2") && train.out().contains("epoch 2/2"), train.out());
        assertTrue(train.out().contains("job done: model m version 2"), train.out());

        // starting the same model again is refused (it would be skipped as stale); --resume is the way
        Run again = chorale("train", "--model", "m", "--dataset", "t", "--epochs", "2");
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.err().contains("already has version 2"), again.err());

        // resume: continue the job from version 2 to 3 epochs; a resumed model keeps its shape
        Run reshaped = chorale("train", "--model", "m", "--resume", "--epochs", "3", "--hidden", "16");
        assertEquals(2, reshaped.exitCode(), reshaped.toString());
        assertTrue(reshaped.err().contains("keeps its shape: hidden is 8"), reshaped.err());
        Run resumed = chorale("train", "--model", "m", "--resume", "--epochs", "3", "--follow", "--timeout", "5m");
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertTrue(resumed.out().contains("resumed model m on dataset t: epoch 3 of 3 from version 2, seed 4"), resumed.out());
        assertTrue(resumed.out().contains("epoch 3/3") && resumed.out().contains("job done: model m version 3"), resumed.out());

        // compose: the answer is written as MIDI with notes; an unknown model is refused with the reason
        Path piece = dir.resolve("piece.mid");
        Run compose = chorale("compose", "--model", "m", "--steps", "48", "--seed", "11", "--out", piece.toString(), "--json");
        assertEquals(0, compose.exitCode(), compose.toString());
        JsonNode answer = compose.json();
        assertEquals(3, answer.get("version").asInt());
        assertEquals(11, answer.get("seed").asInt());
        MidiResult parsed = MidiReader.read(Files.readAllBytes(piece), MidiOptions.defaults());
        assertTrue(parsed instanceof MidiResult.Parsed && ((MidiResult.Parsed) parsed).summary().noteCount() > 0, String.valueOf(parsed));

        Run unknown = chorale("compose", "--model", "nobody", "--steps", "8", "--out", dir.resolve("x.mid").toString());
        assertEquals(1, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("UNKNOWN_MODEL"), unknown.err());

        // status: the model, the dataset, the rejection, the groups
        Run status = chorale("status", "--json");
        assertEquals(0, status.exitCode(), status.toString());
        JsonNode s = status.json();
        JsonNode model = s.get("models").get(0);
        assertEquals("m", model.get("model").asText());
        assertEquals(3, model.get("version").asInt());
        assertTrue(model.get("metrics").has("trainCost"), model.toString());
        JsonNode dataset = s.get("datasets").get(0);
        assertEquals("t", dataset.get("dataset").asText());
        assertEquals(4, dataset.get("pieces").get("train").asInt());
        assertEquals(1, s.get("rejections").get("total").asInt());
        assertEquals(1, s.get("rejections").get("byReason").get("NOT_MIDI").asInt(), s.get("rejections").toString());
        List<String> groups = new ArrayList<>();
        s.get("consumerGroups").forEach(g -> groups.add(g.get("group").asText()));
        assertTrue(groups.containsAll(List.of("chorale-ingest", "chorale-trainer", "chorale-generator")), groups.toString());
        Run human = chorale("status");
        assertEquals(0, human.exitCode(), human.toString());
        assertTrue(human.out().contains("m  version 3 (epoch 3 of 3)"), human.out());
    }
}
