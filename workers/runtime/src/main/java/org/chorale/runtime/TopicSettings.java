package org.chorale.runtime;

import java.util.Objects;

/**
 * How Chorale creates its topics: name prefix, partitions and replication factor.
 *
 * @param prefix      prepended to every topic name, e.g. {@code chorale.}
 * @param partitions  partitions of each topic Chorale creates
 * @param replication replication factor of each topic Chorale creates
 */
public record TopicSettings(String prefix, int partitions, short replication) {

    public TopicSettings {
        Objects.requireNonNull(prefix, "prefix");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (replication < 1) {
            throw new IllegalArgumentException("replication must be at least 1, got " + replication);
        }
    }

    /** The documented defaults: prefix {@code chorale.}, 4 partitions, replication 1. */
    public static TopicSettings defaults() {
        return new TopicSettings(Topics.DEFAULT_PREFIX, 4, (short) 1);
    }
}
