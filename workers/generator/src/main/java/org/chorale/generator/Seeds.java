package org.chorale.generator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The seed of a request that names none. It is derived from the request id rather than drawn at random, so a
 * request redone after a crash (its answer was not committed) composes the very same piece: the output is
 * exactly-once even across retries.
 */
final class Seeds {
    private Seeds() {}

    /** A non-negative seed from the first 8 bytes of SHA-256 of the request id. */
    static long fromRequestId(String requestId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(requestId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
