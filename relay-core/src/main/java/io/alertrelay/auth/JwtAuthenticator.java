package io.alertrelay.auth;

/**
 * Verifies a bearer token that is a signed JWT. Implemented in {@code io.alertrelay.auth.jwt}; the registry only
 * decides which tokens go there, so this package needs no JWT library.
 */
public interface JwtAuthenticator {

    /** Checks signature, algorithm and claims; the problem of a refusal never repeats the token. */
    AuthResult verify(String compactJwt);

    /** Whether {@code token} has the shape of a compact JWS: base64url JSON header, payload and signature. */
    static boolean looksLikeJwt(String token) {
        return token.startsWith("eyJ") && token.chars().filter(c -> c == '.').count() == 2;
    }
}
