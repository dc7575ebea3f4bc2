package org.chorale.runtime.broker;

/** The port a broker (or metrics server) was asked to listen on is taken. */
public final class PortInUseException extends IllegalStateException {

    private final int port;

    public PortInUseException(int port, String message) {
        super(message);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
