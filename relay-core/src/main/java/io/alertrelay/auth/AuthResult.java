package io.alertrelay.auth;

import java.util.Objects;

/**
 * The answer to a presented token: who it is, or why it was refused. The reason is safe to send back and to log:
 * it never contains the token, and is short enough for a WebSocket close frame (123 bytes).
 *
 * @param principal who the token belongs to; null when refused
 * @param problem   what was wrong and what to do; null when accepted
 */
public record AuthResult(Principal principal, String problem) {

    public AuthResult {
        if ((principal == null) == (problem == null)) {
            throw new IllegalArgumentException("an AuthResult holds a principal or a problem, not both or neither");
        }
    }

    public static AuthResult ok(Principal p) {
        return new AuthResult(Objects.requireNonNull(p), null);
    }

    public static AuthResult refused(String problem) {
        return new AuthResult(null, Objects.requireNonNull(problem));
    }

    public boolean accepted() {
        return principal != null;
    }
}
