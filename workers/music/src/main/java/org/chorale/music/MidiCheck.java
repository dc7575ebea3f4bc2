package org.chorale.music;

/**
 * What {@link MidiValidator} found in a file: whether it is well formed and playable as written.
 *
 * @param error                 why the file does not parse, or null when it does
 * @param tracks                MTrk chunks read
 * @param noteOns               note-ons (velocity above 0), all channels
 * @param hangingNotes          notes never closed: note-ons without a matching note-off before their track ends
 *                              (a second note-on on a sounding key counts the first as hanging)
 * @param orphanNoteOffs        note-offs for a key (track, channel, pitch) that was not sounding
 * @param hasTempo              a tempo event is present
 * @param hasTimeSignature      a time-signature event is present
 * @param endOfTrackEverywhere  every track ends with an end-of-track event
 * @param zeroLengthNotes       notes released at the tick they were struck: articulation without sound
 */
public record MidiCheck(MidiError error, int tracks, int noteOns, int hangingNotes, int orphanNoteOffs,
                        boolean hasTempo, boolean hasTimeSignature, boolean endOfTrackEverywhere,
                        int zeroLengthNotes) {

    /**
     * Parses, closes every note, has no stray note-off and no zero-length note, and has tempo, time signature and
     * end of track.
     */
    public boolean valid() {
        return error == null && hangingNotes == 0 && orphanNoteOffs == 0 && zeroLengthNotes == 0 && hasTempo
                && hasTimeSignature && endOfTrackEverywhere;
    }
}
