package org.chorale.generator;

import org.chorale.events.FailureReason;

/** A composition request that cannot be answered with music; becomes a {@code CompositionFailed} with this reason. */
final class RequestRefusedException extends Exception {
    private final FailureReason reason;

    RequestRefusedException(FailureReason reason, String detail) {
        super(detail, null, false, false); // an answer to the caller, not a fault: no stack trace needed
        this.reason = reason;
    }

    FailureReason reason() { return reason; }

    static RequestRefusedException badRequest(String detail) {
        return new RequestRefusedException(FailureReason.BAD_REQUEST, detail);
    }
}
