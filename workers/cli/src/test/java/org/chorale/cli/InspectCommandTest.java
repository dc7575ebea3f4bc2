package org.chorale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.chorale.music.DemoCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectCommandTest {

    @TempDir Path dir;

    private Path good() throws Exception {
        return Files.write(dir.resolve("rag.mid"), DemoCorpus.pieces().get(0).bytes());
    }

    private Path bad() throws Exception {
        return Files.write(dir.resolve("notes.mid"), "these are not MIDI bytes".getBytes(StandardCharsets.US_ASCII));
    }

    @Test void aGoodFileParses() throws Exception {
        Run run = Run.of("inspect", good().toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("parsed") && run.out().contains("notes"), run.out());
    }

    @Test void aBadFileIsRejectedWithItsReasonAndExitOne() throws Exception {
        good();
        bad();
        Run run = Run.of("inspect", "--json", dir.toString()); // a folder: both files, sorted
        assertEquals(1, run.exitCode(), run.toString());
        JsonNode reports = run.json();
        assertEquals(2, reports.size());
        JsonNode notes = reports.get(0), rag = reports.get(1);
        assertTrue(notes.get("file").asText().endsWith("notes.mid"));
        assertEquals("rejected", notes.get("status").asText());
        assertEquals("NOT_MIDI", notes.get("reason").asText());
        assertEquals("parsed", rag.get("status").asText());
        assertTrue(rag.get("steps").asInt() > 100, rag.toString());
        assertTrue(rag.has("format") && rag.has("tracks"), rag.toString());
    }

    @Test void aMissingFileIsReportedNotThrown() {
        Run run = Run.of("inspect", dir.resolve("absent.mid").toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.out().contains("absent.mid"), run.out());
    }
}
