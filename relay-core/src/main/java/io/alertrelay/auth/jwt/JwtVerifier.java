package io.alertrelay.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.alertrelay.auth.AuthResult;
import io.alertrelay.auth.JwtAuthenticator;
import io.alertrelay.auth.Principal;
import io.alertrelay.auth.Role;
import io.alertrelay.config.JwtConfig;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Verifies JWTs minted elsewhere ({@code auth.jwt}): the one configured algorithm only (so neither {@code none} nor
 * an RS256 public key used as an HS256 secret gets through), the signature, then {@code exp} (required), {@code nbf},
 * {@code iss} and {@code aud} against an injected clock with the configured leeway, and finally the role and name
 * claims. Nimbus JOSE+JWT does the parsing and the signature; the claim checks are here so each refusal says which
 * check failed, in words that never repeat the token.
 */
public final class JwtVerifier implements JwtAuthenticator {

    /** What a name from a token may look like: it goes into log lines and acks, so no spaces or control characters. */
    private static final Pattern NAME = Pattern.compile("[^\\s\\p{Cntrl}]{1,128}");

    private static final Pattern SHOWABLE_ALG = Pattern.compile("[A-Za-z0-9]{1,12}");

    private final JwtConfig config;
    private final JWSAlgorithm algorithm;
    private final JWSVerifier verifier;
    private final Clock clock;

    JwtVerifier(JwtConfig config, JWSVerifier verifier, Clock clock) {
        this.config = config;
        this.algorithm = JWSAlgorithm.parse(config.algorithm());
        this.verifier = verifier;
        this.clock = clock;
    }

    /**
     * Reads the key the config names (the secret from the environment, or the public key file).
     *
     * @throws io.alertrelay.config.ConfigException naming the key when the secret or key file is missing or unusable
     */
    public static JwtVerifier create(JwtConfig config, Map<String, String> env, Clock clock) {
        return new JwtVerifier(config, JwtKeys.verifier(config, env), clock);
    }

    /** One line for the start-up log: what is accepted, never a key. */
    public String describe() {
        return config.algorithm() + " JWTs" + (config.issuer() != null ? " from issuer " + config.issuer() : "")
                + (config.audience() != null ? " for audience " + config.audience() : "")
                + " (role from claim " + config.roleClaim() + ", name from " + config.nameClaim() + ")";
    }

    @Override
    public AuthResult verify(String token) {
        SignedJWT jws;
        try {
            JWT parsed = JWTParser.parse(token);
            if (parsed instanceof PlainJWT) {
                return AuthResult.refused("unsigned JWT (alg none) refused: the relay takes " + algorithm + " only");
            }
            if (!(parsed instanceof SignedJWT signed)) {
                return AuthResult.refused("encrypted JWTs are not accepted: send a signed one (" + algorithm + ")");
            }
            jws = signed;
        } catch (ParseException e) {
            // the parser's message may quote the token's parts: not repeated
            return AuthResult.refused("the token looks like a JWT but does not parse: check how it was made");
        }
        JWSAlgorithm got = jws.getHeader().getAlgorithm();
        if (!algorithm.equals(got)) {
            String shown = SHOWABLE_ALG.matcher(got.getName()).matches() ? got.getName() : "in its header";
            return AuthResult.refused(
                    "JWT algorithm " + shown + " is not accepted: the relay takes " + algorithm + " only");
        }
        try {
            if (!jws.verify(verifier)) return badSignature();
        } catch (JOSEException | IllegalStateException e) {
            return badSignature();
        }
        JWTClaimsSet claims;
        try {
            claims = jws.getJWTClaimsSet();
        } catch (ParseException e) {
            return AuthResult.refused("JWT claims are malformed (exp, nbf, iss or aud of the wrong type)");
        }
        return checkClaims(claims);
    }

    private static AuthResult badSignature() {
        return AuthResult.refused("JWT signature does not verify: it was not signed with the key in auth.jwt");
    }

    private AuthResult checkClaims(JWTClaimsSet c) {
        Instant now = clock.instant();
        Date exp = c.getExpirationTime();
        if (exp == null) return AuthResult.refused("JWT has no exp claim: the relay takes only JWTs that expire");
        if (now.isAfter(exp.toInstant().plus(config.clockSkew()))) {
            return AuthResult.refused("JWT expired at " + exp.toInstant() + ": get a new one");
        }
        Date nbf = c.getNotBeforeTime();
        if (nbf != null && now.plus(config.clockSkew()).isBefore(nbf.toInstant())) {
            return AuthResult.refused("JWT not valid before " + nbf.toInstant() + ": check the clocks");
        }
        if (config.issuer() != null && !config.issuer().equals(c.getIssuer())) {
            return AuthResult.refused("JWT issuer is not the one in auth.jwt.issuer: check where it was minted");
        }
        if (config.audience() != null
                && (c.getAudience() == null || !c.getAudience().contains(config.audience()))) {
            return AuthResult.refused("JWT audience does not include auth.jwt.audience: mint it for this relay");
        }
        Role role;
        try {
            role = c.getClaim(config.roleClaim()) instanceof String r ? Role.fromWireName(r) : null;
        } catch (IllegalArgumentException e) {
            role = null;
        }
        if (role == null) {
            return AuthResult.refused("JWT claim " + config.roleClaim() + " must be viewer, ingest, operator or admin");
        }
        Object name = c.getClaim(config.nameClaim());
        if (!(name instanceof String n) || !NAME.matcher(n).matches()) {
            return AuthResult.refused(
                    "JWT claim " + config.nameClaim() + " must name the caller (1-128 characters," + " no spaces)");
        }
        return AuthResult.ok(new Principal(n, role, null, exp.toInstant().plus(config.clockSkew())));
    }
}
