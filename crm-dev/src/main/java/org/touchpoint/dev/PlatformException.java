package org.touchpoint.dev;

/** A failure with a message meant for the developer at the terminal (no stack trace needed). */
public class PlatformException extends RuntimeException {

    public PlatformException(String message) {
        super(message);
    }

    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
