/**
 * The wire format of Chorale's Kafka events: Avro single-object encoding of the generated classes in
 * {@code org.chorale.events}, decoded without a schema registry because every released schema version travels in
 * this jar ({@link org.chorale.schemas.ReleasedSchemas}).
 *
 * <p>{@link org.chorale.schemas.EventCodec} never throws on bad input: it answers a
 * {@link org.chorale.schemas.DecodeResult}, so a worker can route poison to a dead-letter topic instead of stalling
 * its partition. {@link org.chorale.schemas.EventSerializer} and {@link org.chorale.schemas.EventDeserializer} wrap
 * it for ordinary Kafka clients.
 */
package org.chorale.schemas;
