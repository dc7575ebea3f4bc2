package org.chorale.runtime.loop;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A worker role's logic: one input record in, any number of output events out. */
@FunctionalInterface
public interface RecordHandler {

    /**
     * Handles one input record; everything sent through {@code out} commits atomically with the record's offset.
     *
     * <p>Throw {@link PoisonRecordException} for input that can never be processed (it is dead-lettered at once);
     * any other exception means "try again" and is retried a bounded number of times before the record is
     * dead-lettered. A handler may run more than once for the same record (retries, rebalances, crashes), so it must
     * not have side effects outside {@code out}.
     */
    void handle(ConsumerRecord<byte[], byte[]> record, Outbox out) throws Exception;
}
