package org.touchpoint.events;

/** A record that is not a readable CloudEvent of a type we know: a poison record, not a retryable failure. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedEventException(String message) {
        super(message);
    }
}
