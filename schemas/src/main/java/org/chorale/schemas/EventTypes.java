package org.chorale.schemas;

import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.chorale.events.CompositionCompleted;
import org.chorale.events.CompositionFailed;
import org.chorale.events.CompositionRequested;
import org.chorale.events.DeadLetter;
import org.chorale.events.EpochCompleted;
import org.chorale.events.EpochRequested;
import org.chorale.events.Hyperparameters;
import org.chorale.events.MidiRejected;
import org.chorale.events.MidiSubmitted;
import org.chorale.events.ModelCheckpoint;
import org.chorale.events.PianoRoll;

/**
 * Every generated record class the codec knows. A test checks this list against the {@code .avsc} files, so a new
 * schema cannot be forgotten here.
 */
public final class EventTypes {

    private static final List<Class<? extends SpecificRecord>> ALL = List.of(
            MidiSubmitted.class,
            PianoRoll.class,
            MidiRejected.class,
            EpochRequested.class,
            EpochCompleted.class,
            ModelCheckpoint.class,
            CompositionRequested.class,
            CompositionCompleted.class,
            CompositionFailed.class,
            DeadLetter.class,
            // not an event on its own, but a record: encodable for tools and tests
            Hyperparameters.class);

    private EventTypes() {
    }

    /** All record classes, events first. */
    public static List<Class<? extends SpecificRecord>> all() {
        return ALL;
    }

    /** The class generated for an Avro full name such as {@code org.chorale.events.PianoRoll}. */
    public static Optional<Class<? extends SpecificRecord>> forFullName(String fullName) {
        return ALL.stream().filter(type -> type.getName().equals(fullName)).findFirst();
    }
}
