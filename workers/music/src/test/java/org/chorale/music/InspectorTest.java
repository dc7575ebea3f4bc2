package org.chorale.music;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectorTest {

    /** Top-level scalar fields of a JSON object, as text. */
    private static Map<String, String> fields(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v.isStructStart()) p.skipChildren(); else out.put(name, p.getText());
            }
            assertNull(p.nextToken(), "one object only");
        }
        return out;
    }

    @Test void aParsedFileReportsWhatWasFound(@TempDir Path dir) throws IOException {
        Path f = Files.write(dir.resolve("tune.mid"), Smf.header(1, 1, 96).track(Smf.track().tempo(0, 100)
                .timeSignature(0, 3, 4).on(0, 9, 36).note(0, 96, 60).off(96, 9, 36).note(96, 192, 67).end(192)).bytes());
        InspectReport r = Inspector.inspect(f, MidiOptions.defaults());
        assertEquals(InspectReport.Status.PARSED, r.status());
        assertNull(r.reason());
        Map<String, String> json = fields(r.toJson());
        assertEquals("parsed", json.get("status"));
        assertEquals("1", json.get("format"));
        assertEquals("96", json.get("ppq"));
        assertEquals("PPQ 96", json.get("division"));
        assertEquals("8", json.get("steps"));
        assertEquals("60", json.get("lowestPitch"));
        assertEquals("67", json.get("highestPitch"));
        assertEquals("1", json.get("drumNotesDropped"));
        assertEquals("1", json.get("tempoChangeCount"));
        assertTrue(r.toJson().contains("\"qpm\":100.0"), r.toJson());
        assertTrue(r.toJson().contains("\"signature\":\"3/4\""), r.toJson());
        String line = r.summaryLine();
        assertTrue(line.startsWith(f + ": parsed - format 1, 1 tracks, PPQ 96, 100.0 qpm, 3/4, 2 notes, 8 steps"), line);
        assertTrue(line.contains("1 drum notes dropped"), line);
    }

    @Test void aRejectedFileReportsReasonAndMessage(@TempDir Path dir) throws IOException {
        Path f = Files.write(dir.resolve("bad.mid"), "hello".getBytes());
        InspectReport r = Inspector.inspect(f, MidiOptions.defaults());
        assertEquals(InspectReport.Status.REJECTED, r.status());
        assertEquals(MidiError.Reason.NOT_MIDI, r.reason());
        Map<String, String> json = fields(r.toJson());
        assertEquals("rejected", json.get("status"));
        assertEquals("NOT_MIDI", json.get("reason"));
        assertEquals("5", json.get("bytes"));
        assertTrue(r.summaryLine().contains("rejected NOT_MIDI - not a Standard MIDI File"), r.summaryLine());
    }

    @Test void aMissingFileIsUnreadableNotAnException(@TempDir Path dir) throws IOException {
        InspectReport r = Inspector.inspect(dir.resolve("missing.mid"), MidiOptions.defaults());
        assertEquals(InspectReport.Status.UNREADABLE, r.status());
        assertEquals("unreadable", fields(r.toJson()).get("status"));
    }

    @Test void foldersAreWalkedInPathOrder(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        byte[] good = Smf.single(96, Smf.track().note(0, 96, 60).end(96));
        Files.write(dir.resolve("sub/b.mid"), good);
        Files.write(dir.resolve("a.kar"), good);
        Files.write(dir.resolve("readme.txt"), good);
        List<InspectReport> reports = Inspector.inspectAll(List.of(dir, dir.resolve("nothing.mid")), MidiOptions.defaults());
        assertEquals(List.of(dir.resolve("a.kar").toString(), dir.resolve("sub/b.mid").toString(), dir.resolve("nothing.mid").toString()),
                reports.stream().map(InspectReport::file).toList());
        assertEquals(List.of(InspectReport.Status.PARSED, InspectReport.Status.PARSED, InspectReport.Status.UNREADABLE),
                reports.stream().map(InspectReport::status).toList());
    }
}
