/**
 * The transactional consume-process-produce loop every Chorale worker runs: a {@link
 * org.chorale.runtime.loop.RecordHandler} per role turns input records into output events, and {@link
 * org.chorale.runtime.loop.TransactionalLoop} commits the outputs together with the input offsets in one Kafka
 * transaction, dead-letters poison, retries failures a bounded number of times, and stops on fatal errors.
 */
package org.chorale.runtime.loop;
