package io.alertrelay.alert;

/**
 * An operation named a silence the relay does not hold (never created, or expired long enough ago to be
 * dropped). Unchecked: callers map it to "not found" (HTTP 404, a WebSocket {@code error} frame).
 */
public final class NoSuchSilenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String id;

    public NoSuchSilenceException(String id) {
        super("no silence with id '" + id + "': list silences with GET /api/silences");
        this.id = id;
    }

    /** The silence id that was asked for. */
    public String id() {
        return id;
    }
}
