package org.chorale.music;

import java.util.List;

/**
 * What {@link MidiReader} found in a file that it parsed.
 *
 * @param format                SMF format 0, 1 or 2 (format 2 tracks are played one after another)
 * @param trackCount            MTrk chunks read
 * @param division              "PPQ 480" or "SMPTE 25 fps x 40 ticks"
 * @param ppq                   ticks per quarter note, or null for an SMPTE (time-code) division
 * @param tempoChanges          tempo events in time order (at most {@link #LIST_CAP}); empty when the file has none
 *                              (120 qpm is assumed)
 * @param timeSignatures        time-signature events in time order (at most {@link #LIST_CAP})
 * @param noteCount             notes kept in the roll
 * @param notesDropped          notes outside the pitch range
 * @param drumNotesDropped      notes on channel 10 left out (see {@link MidiOptions#includeDrums()})
 * @param steps                 length of the roll in steps
 * @param lowestPitch           lowest pitch kept
 * @param highestPitch          highest pitch kept
 * @param durationSeconds       length of the piece in seconds, through the tempo map
 * @param trackNames            non-empty track names (meta 0x03) in track order (at most {@link #LIST_CAP})
 * @param textEvents            text, copyright and marker events (karaoke lyrics in .kar files are text events)
 * @param lyricEvents           lyric events (meta 0x05)
 * @param restrikes             note-ons that arrived while the same key was sounding (closed and struck again)
 * @param unmatchedNoteOffs     note-offs for keys that were not sounding
 * @param notesClosedAtTrackEnd notes still sounding when their track ended, closed there
 * @param eventCount            events read, all kinds
 * @param warnings              what was tolerated (at most {@link #LIST_CAP}): missing end-of-track, illegal system
 *                              messages, bytes after end-of-track, ...
 */
public record MidiSummary(int format, int trackCount, String division, Integer ppq,
                          List<TempoChange> tempoChanges, List<TimeSignature> timeSignatures,
                          int noteCount, int notesDropped, int drumNotesDropped, int steps,
                          int lowestPitch, int highestPitch, double durationSeconds,
                          List<String> trackNames, int textEvents, int lyricEvents,
                          int restrikes, int unmatchedNoteOffs, int notesClosedAtTrackEnd, int eventCount,
                          List<String> warnings) {

    /** Lists in a summary keep at most this many entries, so a hostile file cannot inflate them. */
    public static final int LIST_CAP = 1000;

    /** A tempo event: where (in ticks of the file's global timeline and in seconds) and the new tempo. */
    public record TempoChange(long tick, double seconds, double qpm) {}

    /** A time-signature event, e.g. 6/8 at tick 0. */
    public record TimeSignature(long tick, int numerator, int denominator) {}

    public MidiSummary {
        tempoChanges = List.copyOf(tempoChanges);
        timeSignatures = List.copyOf(timeSignatures);
        trackNames = List.copyOf(trackNames);
        warnings = List.copyOf(warnings);
    }

    /** All notes left out, out of range or drums: the Avro {@code PianoRoll.notesDropped} field. */
    public int droppedTotal() { return notesDropped + drumNotesDropped; }
}
