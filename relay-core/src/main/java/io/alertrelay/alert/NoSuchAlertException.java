package io.alertrelay.alert;

/**
 * An operation named an alert the relay does not hold (never seen, or resolved long enough ago to be dropped).
 * Unchecked: callers map it to "not found" (HTTP 404, a WebSocket {@code error} frame).
 */
public final class NoSuchAlertException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String fingerprint;

    public NoSuchAlertException(String fingerprint) {
        super("no alert with fingerprint '" + fingerprint + "': list alerts with GET /api/alerts");
        this.fingerprint = fingerprint;
    }

    /** The fingerprint that was asked for. */
    public String fingerprint() {
        return fingerprint;
    }
}
