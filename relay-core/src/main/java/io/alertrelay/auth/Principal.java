package io.alertrelay.auth;

import java.time.Instant;

/**
 * Who is calling: the token's name (never the token) and its role.
 *
 * @param credential which token proved it, so that the sessions it opened can be closed when it is revoked: the
 *                   hex SHA-256 of a stored or configured token, or null for a credential the relay cannot revoke
 *                   (a JWT, which ends at its {@code exp}). Never the token itself, and left out of {@link #toString}
 * @param expiresAt  when the credential stops being valid (a JWT's {@code exp} plus the allowed clock skew); null
 *                   for tokens that last until revoked. A WebSocket session signed in with it is closed then.
 */
public record Principal(String name, Role role, String credential, Instant expiresAt) {

    public Principal(String name, Role role) {
        this(name, role, null, null);
    }

    public Principal(String name, Role role, String credential) {
        this(name, role, credential, null);
    }

    @Override
    public String toString() {
        return name + " (" + role.wireName() + ")";
    }
}
