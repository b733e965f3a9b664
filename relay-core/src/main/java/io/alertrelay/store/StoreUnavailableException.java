package io.alertrelay.store;

/**
 * A write could not be committed (disk full, I/O error, the file became read-only). Nothing of the change was
 * kept, in the store or in memory, and nobody was told about it: the caller answers 503 (HTTP) or
 * {@code unavailable} (WebSocket) with this message, and the sender can try again. The relay keeps serving
 * what it has and takes writes again as soon as one succeeds.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Other writers committed first {@code attempts} times in a row (a cluster under contention). */
    public static StoreUnavailableException contended(int attempts, StaleViewException last) {
        return new StoreUnavailableException(
                "the change could not be applied: other relays of the cluster wrote" + " first " + attempts
                        + " times in a row (" + last.getMessage() + "). Try again in a moment",
                last);
    }
}
