package org.chorale.ingest;

import org.chorale.events.RejectReason;

import java.util.Objects;

/** What one ingest record asks for: a MIDI file with its name, dataset and (optional) split — or why it cannot. */
sealed interface Submission permits Submission.Midi, Submission.Refused {

    /**
     * A MIDI file to parse.
     *
     * @param split train, valid or test as the publisher named it, or null to assign one from the content
     */
    record Midi(String name, String dataset, String split, byte[] bytes) implements Submission {
        public Midi {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** A record that cannot become a roll before any MIDI is parsed (no value, undecodable envelope, bad split). */
    record Refused(RejectReason reason, String detail) implements Submission {}
}
