package org.chorale.trainer;

import org.chorale.events.ModelCheckpoint;

/** Where an epoch request starts from, judged against the model's newest committed checkpoint. */
sealed interface StartingPoint {

    /** No checkpoint yet and none asked for: a fresh initialisation. */
    record Fresh() implements StartingPoint {}

    /** The checkpoint the request names, which is the model's newest. */
    record Resume(ModelCheckpoint checkpoint) implements StartingPoint {}

    /**
     * The model is already past the request (a duplicate of an epoch that was done, or a fresh start of a model
     * that exists): running it would fork the model's history, so it is skipped.
     */
    record Stale(long newestVersion) implements StartingPoint {}
}
