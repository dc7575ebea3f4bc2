/**
 * Commands that talk to a Kafka cluster or run the fleet: {@code broker}, {@code topics}, {@code worker},
 * {@code standalone}, {@code demo}, {@code publish}, {@code train}, {@code compose}, {@code status}; and the
 * pieces they share: the in-process fleet ({@link org.chorale.cli.kafka.Fleet}), Kafka clients built from the
 * worker settings, and followers that wait for the events a command caused.
 */
package org.chorale.cli.kafka;
