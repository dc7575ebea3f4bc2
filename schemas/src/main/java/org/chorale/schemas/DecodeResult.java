package org.chorale.schemas;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding bytes or JSON into an event: either the event, or why not. Bad input is data, not an
 * exception, so callers decide what poison means to them (dead-letter it, answer with a failure, skip it).
 *
 * @param <T> the event type asked for
 */
public sealed interface DecodeResult<T> permits DecodeResult.Decoded, DecodeResult.Undecodable {

    /** Why bytes could not be decoded. */
    enum Problem {
        /** No bytes at all (null or zero length). */
        EMPTY,
        /** Does not start with the Avro single-object marker (and is not JSON where JSON was allowed). */
        NOT_AVRO,
        /** Single-object encoded, but with a schema fingerprint no Chorale version ever released. */
        UNKNOWN_SCHEMA,
        /** A valid encoding of another event type than the one asked for. */
        WRONG_TYPE,
        /** The header is fine but the body does not parse: truncated, absurd lengths, trailing bytes. */
        CORRUPT,
        /** Text that is not valid Avro JSON for the type asked for. */
        BAD_JSON
    }

    /** The decoded event. */
    record Decoded<T>(T event) implements DecodeResult<T> {
        public Decoded {
            Objects.requireNonNull(event, "event");
        }
    }

    /** Input that is not an event of the type asked for, with a human explanation. */
    record Undecodable<T>(Problem problem, String detail) implements DecodeResult<T> {
        public Undecodable {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }

        /** The same failure, typed for another event class. */
        @SuppressWarnings("unchecked")
        public <U> Undecodable<U> retype() {
            return (Undecodable<U>) this;
        }
    }

    static <T> DecodeResult<T> decoded(T event) {
        return new Decoded<>(event);
    }

    static <T> DecodeResult<T> undecodable(Problem problem, String detail) {
        return new Undecodable<>(problem, detail);
    }

    default boolean isDecoded() {
        return this instanceof Decoded;
    }

    /** The event, or empty when undecodable. */
    default Optional<T> toOptional() {
        return this instanceof Decoded<T> decoded ? Optional.of(decoded.event()) : Optional.empty();
    }

    /** The problem, or empty when decoded. */
    default Optional<Problem> problemIfAny() {
        return this instanceof Undecodable<T> undecodable ? Optional.of(undecodable.problem()) : Optional.empty();
    }

    /**
     * The event; for callers where undecodable input is a bug (tests, tools reading their own output).
     *
     * @throws IllegalStateException with the problem and detail when undecodable
     */
    default T orElseThrow() {
        if (this instanceof Undecodable<T> undecodable) {
            throw new IllegalStateException("undecodable event (" + undecodable.problem() + "): " + undecodable.detail());
        }
        return ((Decoded<T>) this).event();
    }
}
