package org.chorale.runtime.loop;

import java.util.Objects;
import org.chorale.events.RejectReason;

/**
 * Thrown by a {@link RecordHandler} for input that will never be processable (undecodable, invalid): the loop
 * dead-letters the record in the same transaction as the rest of the batch and moves on.
 */
public final class PoisonRecordException extends Exception {

    private final RejectReason reason;
    private final String detail;

    public PoisonRecordException(RejectReason reason, String detail) {
        super(reason + ": " + detail, null, false, false); // expected outcome, no stack trace needed
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    public RejectReason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }
}
