package org.chorale.music;

/**
 * Internal signal that parsing stops with a {@link MidiError}; never leaves the package's public API.
 * Carries no stack trace: it is an expected outcome, and fuzzing throws millions of them.
 */
final class MidiFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient MidiError error;

    MidiFormatException(MidiError.Reason reason, String message) {
        super(message, null, false, false);
        this.error = new MidiError(reason, message);
    }
}
