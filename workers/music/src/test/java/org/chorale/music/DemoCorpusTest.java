package org.chorale.music;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCorpusTest {

    @Test void tenPublicDomainPiecesWithTheirProvenance() {
        List<DemoCorpus.Source> sources = DemoCorpus.sources();
        assertEquals(10, sources.size());
        for (DemoCorpus.Source s : sources) {
            assertTrue(s.sourceUrl().startsWith("https://www.mutopiaproject.org/"), s.sourceUrl());
            assertTrue(s.license().startsWith("Public-Domain"), s.license());
            assertFalse(s.title().isBlank());
            assertFalse(s.composer().isBlank());
        }
        assertEquals(List.of("Claude Debussy", "Erik Satie"), sources.subList(0, 2).stream().map(DemoCorpus.Source::composer).toList());
    }

    @Test void everyPieceParsesWithNotesAndNoHangingOrDroppedNotes() {
        List<NamedMidi> pieces = DemoCorpus.pieces();
        assertEquals(10, pieces.size());
        assertEquals("debussy-arabesque-no1", pieces.get(0).name());
        for (NamedMidi m : pieces) {
            MidiResult.Parsed p = Rolls.parsed(m.bytes(), MidiOptions.defaults());
            assertTrue(p.summary().noteCount() > 200, m.name() + ": " + p.summary().noteCount() + " notes");
            assertEquals(0, p.summary().notesDropped(), m.name());
            assertEquals(0, p.summary().notesClosedAtTrackEnd(), m.name());
            assertEquals(0, MidiValidator.check(m.bytes()).hangingNotes(), m.name());
        }
    }

    @Test void rollsAreNamedAfterThePieces() {
        List<PianoRoll> rolls = DemoCorpus.rolls(MidiOptions.defaults());
        assertEquals(10, rolls.size());
        assertEquals("demo/satie-gymnopedie-no1", rolls.get(1).name());
        assertEquals(3, rolls.get(1).timeSignatureNumerator(), "the Gymnopédie is in 3/4");
    }

    @Test void provenanceFilesAreBundledBesideTheMusic() throws Exception {
        try (InputStream readme = DemoCorpus.class.getResourceAsStream("demo/README.md")) {
            assertNotNull(readme);
            String text = new String(readme.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(text.contains("Mutopia Project") && text.contains("Public"), text);
        }
    }
}
