package org.chorale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.chorale.music.MidiOptions;
import org.chorale.music.MidiReader;
import org.chorale.music.MidiResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's main command, in its CI setting: the whole fleet in this JVM, ingest, train, compose. */
class DemoQuickTest {

    @TempDir Path out;

    @Test void demoQuickComposesMidiFilesWithNotes() throws Exception {
        Run run = Run.of("demo", "--quick", "--out", out.toString(), "--json");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode summary = run.json();
        assertEquals(10, summary.get("rolls").asInt(), "every bundled piece became a roll");
        assertEquals(1, summary.get("version").asInt());
        assertTrue(run.err().contains("epoch 1/1"), "a progress line per epoch: " + run.err());

        List<Path> files;
        try (var list = Files.list(out)) {
            files = list.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        }
        assertEquals(2, files.size(), files.toString());
        for (Path f : files) {
            assertTrue(f.getFileName().toString().matches("demo-v1-seed\\d+\\.mid"), f.toString());
            MidiResult r = MidiReader.read(Files.readAllBytes(f), MidiOptions.defaults());
            assertTrue(r instanceof MidiResult.Parsed, f + ": " + r);
            var s = ((MidiResult.Parsed) r).summary();
            assertTrue(s.noteCount() > 0, f + " has notes");
            assertTrue(s.steps() > 0 && s.steps() <= 64, f + " lasts at most the 64 sixteenth-note steps asked for: " + s.steps());
        }
        for (JsonNode f : summary.get("files")) assertEquals(64, f.get("steps").asInt(), f.toString());
        JsonNode metrics = summary.get("metrics");
        for (String role : new String[] {"ingest", "trainer", "generator"})
            assertTrue(metrics.get(role).asText().matches("http://127\\.0\\.0\\.1:\\d+/metrics"), metrics.toString());
    }
}
