package io.alertrelay.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Signed JWTs the relay accepts besides its own tokens, for sites that mint tokens elsewhere ({@code auth.jwt}).
 * Exactly one key source is set: {@code secretEnv} for HS256, {@code publicKeyFile} for RS256.
 *
 * @param algorithm     {@code HS256} or {@code RS256}; a token signed with any other algorithm is refused
 * @param secretEnv     the environment variable holding the HS256 secret (the secret never sits in the file)
 * @param publicKeyFile a PEM file with the RS256 public key ({@code BEGIN PUBLIC KEY}) or a certificate
 * @param issuer        when set, {@code iss} must equal it
 * @param audience      when set, {@code aud} must contain it
 * @param roleClaim     the claim holding the role ({@code viewer}, {@code ingest}, {@code operator}, {@code admin})
 * @param nameClaim     the claim naming the caller in logs and as who acked
 * @param clockSkew     how far {@code exp} and {@code nbf} may be off, for clocks that differ a little
 */
public record JwtConfig(
        String algorithm,
        String secretEnv,
        Path publicKeyFile,
        String issuer,
        String audience,
        String roleClaim,
        String nameClaim,
        Duration clockSkew) {

    public static final String DEFAULT_ROLE_CLAIM = "role";
    public static final String DEFAULT_NAME_CLAIM = "sub";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    public static JwtConfig hs256(String secretEnv) {
        return new JwtConfig(
                "HS256", secretEnv, null, null, null, DEFAULT_ROLE_CLAIM, DEFAULT_NAME_CLAIM, DEFAULT_CLOCK_SKEW);
    }

    public static JwtConfig rs256(Path publicKeyFile) {
        return new JwtConfig(
                "RS256", null, publicKeyFile, null, null, DEFAULT_ROLE_CLAIM, DEFAULT_NAME_CLAIM, DEFAULT_CLOCK_SKEW);
    }

    public JwtConfig withIssuer(String iss) {
        return new JwtConfig(algorithm, secretEnv, publicKeyFile, iss, audience, roleClaim, nameClaim, clockSkew);
    }

    public JwtConfig withAudience(String aud) {
        return new JwtConfig(algorithm, secretEnv, publicKeyFile, issuer, aud, roleClaim, nameClaim, clockSkew);
    }

    public JwtConfig withClockSkew(Duration skew) {
        return new JwtConfig(algorithm, secretEnv, publicKeyFile, issuer, audience, roleClaim, nameClaim, skew);
    }
}
