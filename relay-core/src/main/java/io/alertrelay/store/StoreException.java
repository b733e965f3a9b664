package io.alertrelay.store;

/**
 * The store cannot be used at all: it cannot be opened, is damaged, or has an unknown schema. Start-up stops
 * with this message; it names the file and what to do.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
