package io.alertrelay.alert;

import java.time.Instant;

/**
 * Who acknowledged an alert, when, and why.
 *
 * @param by        the name of the token (or JWT subject) that acked
 * @param person    the person who acked, as they said (a wall's "your name"), or null
 * @param expiresAt when the relay takes the ack back by itself, or null for never
 */
public record Ack(String by, Instant at, String comment, Instant expiresAt, String person) {

    /** An ack that does not expire, by a token. */
    public Ack(String by, Instant at, String comment) {
        this(by, at, comment, null, null);
    }

    /** True once {@code now} reached the ack's expiry. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
