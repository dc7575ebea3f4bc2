package org.chorale.music;

import static org.chorale.music.MidiError.Reason.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Standard MIDI File into a {@link PianoRoll}. Never throws on bad input: every refusal is a
 * {@link MidiResult.Rejected} with a reason and a message.
 *
 * <p>Quantising works in musical time. A note's start and end are converted to quarter notes (ticks / PPQ, or for
 * SMPTE files ticks to seconds to quarter notes through the tempo map), multiplied by
 * {@link MidiOptions#stepsPerQuarter()} and rounded to the nearest grid point (halves up). The note then sounds
 * at steps {@code [start, end)}, and at least at its start step, so a note shorter than a step is kept. Tempo
 * changes therefore do not distort rhythm. The step where a note starts is an onset for its pitch, including a
 * re-strike of a pitch that is already sounding. A file written by {@link MidiWriter} reads back exactly.
 *
 * <p>Notes are matched per (track, channel, pitch); a note-on for a sounding key re-strikes it; notes still
 * sounding when their track ends are closed there; channel 10 (drums) and pitches outside the range are left out
 * and counted. Formats 0 and 1 play their tracks together; format 2 tracks are independent sequences, played one
 * after another (each starts where the previous one ended).
 *
 * <p>The roll is as long as the piece: the latest note end or end of track, whichever is later, so trailing
 * silence written in the file is kept. Its tempo is the first tempo event (120 qpm when there is none) and its
 * time signature the first time-signature event (4/4 when there is none).
 * The classes {@code SmfParser} (file structure: what is tolerated and what is refused) and {@code NoteCollector}
 * (note semantics) document the details.
 */
public final class MidiReader {
    private static final Logger log = LoggerFactory.getLogger(MidiReader.class);

    private MidiReader() {}

    /** Reads {@code smf}; the roll's name is empty. */
    public static MidiResult read(byte[] smf, MidiOptions options) { return read(smf, "", options); }

    /** Reads {@code smf} into a roll called {@code name}. */
    public static MidiResult read(byte[] smf, String name, MidiOptions options) {
        try {
            return readOrThrow(smf, name, options);
        } catch (RuntimeException e) {
            // A bug, not a property of the input: keep the worker alive, but say so loudly.
            log.warn("MIDI reader failed unexpectedly on a {}-byte input", smf == null ? 0 : smf.length, e);
            return new MidiResult.Rejected(new MidiError(BAD_EVENT, "internal reader error: " + e));
        }
    }

    /** {@link #read}, but a bug surfaces as the exception it is: for fuzzing, which must see it. */
    static MidiResult readOrThrow(byte[] smf, String name, MidiOptions options) {
        try {
            NoteCollector notes = new NoteCollector(options);
            int events = SmfParser.parse(smf, options.limits(), notes);
            return quantise(notes, events, name, options);
        } catch (MidiFormatException e) {
            return new MidiResult.Rejected(e.error);
        }
    }

    private static MidiResult quantise(NoteCollector c, int events, String name, MidiOptions options) {
        int noteCount = c.noteStart.size();
        if (noteCount == 0) return new MidiResult.Rejected(new MidiError(NO_NOTES, noNotesMessage(c, options)));

        long[] tempoTicks = c.tempoTicks.toArray();
        int[] tempoMicros = c.tempoMicros.toIntArray();
        TimeMap time = new TimeMap(c.division, options.stepsPerQuarter(), tempoTicks, tempoMicros);
        int maxSteps = options.limits().maxSteps();

        long length = time.stepAt(c.lastTick);
        long[] packed = new long[noteCount];
        int lowestPitch = 127, highestPitch = 0;
        for (int i = 0; i < noteCount; i++) {
            long start = time.stepAt(c.noteStart.get(i));
            long end = Math.max(start + 1, time.stepAt(c.noteEnd.get(i)));
            length = Math.max(length, end);
            if (length > maxSteps) return tooLong(length, options);
            int pitch = (int) c.notePitch.get(i);
            lowestPitch = Math.min(lowestPitch, pitch);
            highestPitch = Math.max(highestPitch, pitch);
            packed[i] = (long) pitch << 50 | start << 25 | end; // start, end <= maxSteps < 2^25
        }
        if (length > maxSteps) return tooLong(length, options);

        PianoRoll roll = RollGrid.fill(packed, (int) length, options)
                .name(name)
                .qpm(c.tempoMicros.size() == 0 ? 120.0 : TimeMap.qpm(firstTempo(tempoTicks, tempoMicros)))
                .timeSignature(c.firstTimeSignature() == null ? 4 : c.firstTimeSignature().numerator(),
                        c.firstTimeSignature() == null ? 4 : c.firstTimeSignature().denominator())
                .build();

        List<MidiSummary.TimeSignature> signatures = new ArrayList<>(c.timeSignatures);
        signatures.sort(Comparator.comparingLong(MidiSummary.TimeSignature::tick));
        List<String> warnings = new ArrayList<>(c.warnings);
        if (c.warningCount > warnings.size()) warnings.add("... " + (c.warningCount - warnings.size()) + " more warnings");
        MidiSummary summary = new MidiSummary(c.format, c.tracksRead, c.division.describe(),
                c.division.isSmpte() ? null : c.division.ppq(),
                TimeMap.changes(tempoTicks, tempoMicros, time, MidiSummary.LIST_CAP), signatures,
                noteCount, c.notesDropped, c.drumNotesDropped, (int) length, lowestPitch, highestPitch,
                time.secondsAt(c.lastTick), c.trackNames, c.textEvents, c.lyricEvents, c.restrikes,
                c.unmatchedNoteOffs, c.closedAtTrackEnd, events, warnings);
        return new MidiResult.Parsed(roll, summary);
    }

    private static int firstTempo(long[] ticks, int[] micros) {
        int first = 0;
        for (int i = 1; i < ticks.length; i++) if (ticks[i] < ticks[first]) first = i;
        return micros[first];
    }

    private static MidiResult tooLong(long steps, MidiOptions options) {
        return new MidiResult.Rejected(new MidiError(TOO_LONG, "the piece is at least " + steps + " steps long at "
                + options.stepsPerQuarter() + " steps per quarter note; the limit is " + options.limits().maxSteps()));
    }

    private static String noNotesMessage(NoteCollector c, MidiOptions options) {
        String range = options.lowestPitch() + ".." + (options.lowestPitch() + options.pitchCount() - 1);
        if (c.notesDropped == 0 && c.drumNotesDropped == 0) return "the file holds no notes";
        StringBuilder sb = new StringBuilder("no notes left to keep:");
        if (c.notesDropped > 0) sb.append(' ').append(c.notesDropped).append(" outside the pitch range ").append(range);
        if (c.notesDropped > 0 && c.drumNotesDropped > 0) sb.append(',');
        if (c.drumNotesDropped > 0) sb.append(' ').append(c.drumNotesDropped).append(" on the drum channel 10 (excluded)");
        return sb.toString();
    }
}
