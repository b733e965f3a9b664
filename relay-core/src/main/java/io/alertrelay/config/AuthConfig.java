package io.alertrelay.config;

import java.util.List;

/**
 * Who may connect.
 *
 * @param tokens         the configured tokens; empty means the relay makes an admin token on first
 *                       start and prints it once
 * @param allowedOrigins browser origins allowed to open the WebSocket, each {@code "*"} or
 *                       {@code scheme://host[:port]} (lower case, default port left out); empty means
 *                       only the relay's own origin ({@code http://localhost:PORT} and
 *                       {@code http://127.0.0.1:PORT}), which the wiring code fills in
 * @param jwt            signed JWTs accepted as well ({@code auth.jwt}); null when absent
 */
public record AuthConfig(List<TokenConfig> tokens, List<String> allowedOrigins, JwtConfig jwt) {

    public AuthConfig {
        tokens = List.copyOf(tokens);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Without JWTs: only the relay's own tokens. */
    public AuthConfig(List<TokenConfig> tokens, List<String> allowedOrigins) {
        this(tokens, allowedOrigins, null);
    }

    public static AuthConfig defaults() {
        return new AuthConfig(List.of(), List.of());
    }

    /** True when {@code "*"} is listed: any origin may connect (a token is still needed). */
    public boolean allowsAnyOrigin() {
        return allowedOrigins.contains("*");
    }
}
