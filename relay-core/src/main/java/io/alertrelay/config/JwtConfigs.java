package io.alertrelay.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Binds and checks {@code auth.jwt}. Only the shape is checked here; the secret and the key file are read when
 * the relay starts (so {@code relay token list} works without them), and a problem there names the key too.
 */
final class JwtConfigs {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CLAIM = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]*");
    private static final String ALGORITHMS =
            "HS256 (a shared secret: set secretEnv) or RS256 (a public key: set" + " publicKeyFile)";

    private JwtConfigs() {}

    /** The JWT settings, or null when {@code auth.jwt} is absent or empty. */
    static JwtConfig bind(ObjectNode auth, Binder b) {
        if (Binder.value(auth, "auth.jwt") == null) return null;
        ObjectNode j = b.section(auth, "auth.jwt");
        if (j.isEmpty()) return null;
        String algorithm = b.text(j, "auth.jwt.algorithm", null);
        String secretEnv = b.text(j, "auth.jwt.secretEnv", null);
        Path keyFile = b.path(j, "auth.jwt.publicKeyFile", null);
        if (algorithm == null) {
            if (Binder.value(j, "auth.jwt.algorithm") == null) {
                b.problems().at("auth.jwt.algorithm", "missing; expected " + ALGORITHMS);
            }
        } else if (algorithm.equals("HS256")) {
            if (secretEnv == null)
                b.problems()
                        .at(
                                "auth.jwt.secretEnv",
                                "missing; HS256 needs the name of the"
                                        + " environment variable that holds the shared secret (at least 32 bytes),"
                                        + " like JWT_HS256_SECRET");
            if (keyFile != null)
                b.problems()
                        .at("auth.jwt.publicKeyFile", "is for RS256; with HS256 leave it out" + " and set secretEnv");
        } else if (algorithm.equals("RS256")) {
            if (keyFile == null)
                b.problems()
                        .at(
                                "auth.jwt.publicKeyFile",
                                "missing; RS256 needs a PEM file with"
                                        + " the public key that verifies the tokens (-----BEGIN PUBLIC KEY-----)");
            if (secretEnv != null)
                b.problems()
                        .at("auth.jwt.secretEnv", "is for HS256; with RS256 leave it out" + " and set publicKeyFile");
        } else {
            // "none" in particular: an unsigned token proves nothing
            b.problems()
                    .at(
                            "auth.jwt.algorithm",
                            Binder.show(j.get("algorithm")) + " is not an algorithm the relay" + " accepts; expected "
                                    + ALGORITHMS);
        }
        if (secretEnv != null && !ENV_NAME.matcher(secretEnv).matches()) {
            // not repeated: it may be the secret itself, pasted here by mistake
            b.problems()
                    .at(
                            "auth.jwt.secretEnv",
                            "the value (" + secretEnv.length() + " characters) is not an"
                                    + " environment variable name; expected letters, digits and _, like"
                                    + " JWT_HS256_SECRET (the name of"
                                    + " the variable that holds the secret, never the secret)");
        }
        String issuer = nonBlank(j, "auth.jwt.issuer", b);
        String audience = nonBlank(j, "auth.jwt.audience", b);
        String roleClaim = claim(j, "auth.jwt.roleClaim", JwtConfig.DEFAULT_ROLE_CLAIM, b);
        String nameClaim = claim(j, "auth.jwt.nameClaim", JwtConfig.DEFAULT_NAME_CLAIM, b);
        Duration skew = b.duration(
                j, "auth.jwt.clockSkew", JwtConfig.DEFAULT_CLOCK_SKEW, Duration.ZERO, Duration.ofMinutes(10));
        return new JwtConfig(algorithm, secretEnv, keyFile, issuer, audience, roleClaim, nameClaim, skew);
    }

    private static String nonBlank(ObjectNode j, String path, Binder b) {
        String v = b.text(j, path, null);
        if (v != null && v.isBlank()) {
            b.problems().at(path, "\"\" is empty; leave the key out to skip this check");
            return null;
        }
        return v;
    }

    private static String claim(ObjectNode j, String path, String dflt, Binder b) {
        String v = b.text(j, path, dflt);
        if (CLAIM.matcher(v).matches()) return v;
        b.problems()
                .at(
                        path,
                        Binder.show(j.get(path.substring(path.lastIndexOf('.') + 1)))
                                + " is not a claim name; expected a name like " + dflt);
        return dflt;
    }
}
