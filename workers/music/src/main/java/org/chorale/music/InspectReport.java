package org.chorale.music;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code chorale inspect} says about one file.
 *
 * @param file    the path as given
 * @param bytes   file size
 * @param status  parsed, rejected, or unreadable (an I/O error: missing file, no permission)
 * @param reason  the rejection reason, null unless rejected
 * @param message the rejection or I/O message; empty when parsed
 * @param summary what was found, null unless parsed
 */
public record InspectReport(String file, long bytes, Status status, MidiError.Reason reason, String message,
                            MidiSummary summary) {

    /** Tempo changes listed in JSON; the count is always given. */
    static final int JSON_TEMPO_CHANGES = 32;

    public enum Status { PARSED, REJECTED, UNREADABLE }

    public InspectReport {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    /** One line for a terminal. */
    public String summaryLine() {
        return switch (status) {
            case REJECTED -> file + ": rejected " + reason + " - " + message;
            case UNREADABLE -> file + ": unreadable - " + message;
            case PARSED -> {
                MidiSummary s = summary;
                String tempo = s.tempoChanges().isEmpty() ? "no tempo (120 qpm)"
                        : s.tempoChanges().size() == 1 ? fmt(s.tempoChanges().get(0).qpm()) + " qpm"
                        : s.tempoChanges().size() + " tempi from " + fmt(s.tempoChanges().get(0).qpm()) + " qpm";
                String meter = s.timeSignatures().isEmpty() ? "4/4 (default)"
                        : s.timeSignatures().get(0).numerator() + "/" + s.timeSignatures().get(0).denominator();
                yield file + ": parsed - format " + s.format() + ", " + s.trackCount() + " tracks, " + s.division() + ", "
                        + tempo + ", " + meter + ", " + s.noteCount() + " notes, " + s.steps() + " steps, pitches "
                        + s.lowestPitch() + ".." + s.highestPitch() + ", " + s.notesDropped() + " out of range, "
                        + s.drumNotesDropped() + " drum notes dropped, " + fmt(s.durationSeconds()) + " s"
                        + (s.warnings().isEmpty() ? "" : ", " + s.warnings().size() + " warnings");
            }
        };
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.1f", v); }

    /** The report as one JSON object. */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("file", file);
            g.writeNumberField("bytes", bytes);
            g.writeStringField("status", status.name().toLowerCase(Locale.ROOT));
            if (reason != null) g.writeStringField("reason", reason.name());
            if (!message.isEmpty()) g.writeStringField("message", message);
            if (summary != null) writeSummary(g, summary);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e);
        }
        return out.toString();
    }

    private static void writeSummary(JsonGenerator g, MidiSummary s) throws IOException {
        g.writeNumberField("format", s.format());
        g.writeNumberField("tracks", s.trackCount());
        g.writeStringField("division", s.division());
        if (s.ppq() != null) g.writeNumberField("ppq", s.ppq());
        g.writeNumberField("tempoChangeCount", s.tempoChanges().size());
        g.writeArrayFieldStart("tempoChanges");
        for (MidiSummary.TempoChange c : s.tempoChanges().subList(0, Math.min(JSON_TEMPO_CHANGES, s.tempoChanges().size()))) {
            g.writeStartObject();
            g.writeNumberField("tick", c.tick());
            g.writeNumberField("seconds", c.seconds());
            g.writeNumberField("qpm", c.qpm());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("timeSignatures");
        for (MidiSummary.TimeSignature ts : s.timeSignatures()) {
            g.writeStartObject();
            g.writeNumberField("tick", ts.tick());
            g.writeStringField("signature", ts.numerator() + "/" + ts.denominator());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("notes", s.noteCount());
        g.writeNumberField("steps", s.steps());
        g.writeNumberField("lowestPitch", s.lowestPitch());
        g.writeNumberField("highestPitch", s.highestPitch());
        g.writeNumberField("notesDropped", s.notesDropped());
        g.writeNumberField("drumNotesDropped", s.drumNotesDropped());
        g.writeNumberField("durationSeconds", s.durationSeconds());
        g.writeNumberField("restrikes", s.restrikes());
        g.writeNumberField("unmatchedNoteOffs", s.unmatchedNoteOffs());
        g.writeNumberField("notesClosedAtTrackEnd", s.notesClosedAtTrackEnd());
        g.writeArrayFieldStart("trackNames");
        for (String n : s.trackNames()) g.writeString(n);
        g.writeEndArray();
        g.writeArrayFieldStart("warnings");
        for (String w : s.warnings()) g.writeString(w);
        g.writeEndArray();
    }
}
