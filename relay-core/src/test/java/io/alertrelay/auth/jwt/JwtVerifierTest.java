package io.alertrelay.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.auth.AuthResult;
import io.alertrelay.auth.Role;
import io.alertrelay.config.ConfigException;
import io.alertrelay.config.JwtConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check a JWT goes through, each refusal's words, and the key set-up errors; with a fixed clock. */
class JwtVerifierTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Map<String, String> ENV = Map.of(Jwts.SECRET_ENV, Jwts.SECRET);

    @TempDir
    Path dir;

    private static JwtVerifier hs(JwtConfig cfg) {
        return JwtVerifier.create(cfg, ENV, CLOCK);
    }

    private static com.nimbusds.jwt.JWTClaimsSet.Builder claims(String sub, String role) {
        return Jwts.claims(sub, role).issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(600)));
    }

    private static String refusal(JwtVerifier v, String jwt) {
        AuthResult r = v.verify(jwt);
        assertThat(r.accepted()).as("refused").isFalse();
        assertThat(r.problem()).doesNotContain(jwt);
        String signature = jwt.substring(jwt.lastIndexOf('.') + 1);
        if (!signature.isEmpty()) assertThat(r.problem()).doesNotContain(signature);
        return r.problem();
    }

    @Test
    void aGoodHs256TokenGivesItsSubjectAndRole() {
        AuthResult r = hs(JwtConfig.hs256(Jwts.SECRET_ENV)).verify(Jwts.hs256(claims("alice", "operator")));

        assertThat(r.principal().name()).isEqualTo("alice");
        assertThat(r.principal().role()).isEqualTo(Role.OPERATOR);
        assertThat(r.principal().credential()).as("a JWT cannot be revoked").isNull();
        assertThat(r.principal().expiresAt())
                .as("but it ends: its session closes then")
                .isNotNull();
    }

    @Test
    void aGoodRs256TokenIsAccepted() {
        JwtVerifier v = JwtVerifier.create(JwtConfig.rs256(Jwts.writePublicKey(dir)), Map.of(), CLOCK);

        assertThat(v.verify(Jwts.rs256(claims("ci", "ingest"))).principal().role())
                .isEqualTo(Role.INGEST);
    }

    @Test
    void expiryIsRequiredAndCheckedWithTheLeeway() {
        JwtVerifier v = hs(JwtConfig.hs256(Jwts.SECRET_ENV));

        assertThat(refusal(v, Jwts.hs256(claims("a", "viewer").expirationTime(Date.from(NOW.minusSeconds(61))))))
                .isEqualTo("JWT expired at 2026-11-29T09:58:59Z: get a new one");
        assertThat(v.verify(Jwts.hs256(claims("a", "viewer").expirationTime(Date.from(NOW.minusSeconds(59)))))
                        .accepted())
                .as("within the default 60 s of clock skew")
                .isTrue();
        assertThat(refusal(v, Jwts.hs256(claims("a", "viewer").expirationTime(null))))
                .contains("no exp claim");
        assertThat(refusal(v, Jwts.hs256(claims("a", "viewer").notBeforeTime(Date.from(NOW.plusSeconds(120))))))
                .contains("not valid before 2026-11-29T10:02:00Z");
    }

    @Test
    void aForgedOrTamperedSignatureIsRefused() {
        JwtVerifier v = hs(JwtConfig.hs256(Jwts.SECRET_ENV));
        String otherKey = Jwts.hs256(claims("mallory", "admin"), "another-secret-of-more-than-32-bytes-length!");
        String raised = Jwts.tampered(Jwts.hs256(claims("bob", "viewer")), c -> c.claim("role", "admin"));

        assertThat(refusal(v, otherKey)).contains("signature does not verify");
        assertThat(refusal(v, raised)).contains("signature does not verify");
    }

    @Test
    void algNoneAndAlgorithmConfusionAreRefused() {
        JwtVerifier hs = hs(JwtConfig.hs256(Jwts.SECRET_ENV));
        JwtVerifier rs = JwtVerifier.create(JwtConfig.rs256(Jwts.writePublicKey(dir)), Map.of(), CLOCK);

        assertThat(refusal(hs, Jwts.none(claims("x", "admin"))))
                .contains("alg none")
                .contains("HS256 only");
        assertThat(refusal(rs, Jwts.none(claims("x", "admin")))).contains("alg none");
        assertThat(refusal(rs, Jwts.hs256WithThePublicKey(claims("x", "admin"))))
                .isEqualTo("JWT algorithm HS256 is not accepted: the relay takes RS256 only");
        assertThat(refusal(hs, Jwts.rs256(claims("x", "admin")))).contains("algorithm RS256 is not accepted");
    }

    @Test
    void issuerAndAudienceAreCheckedWhenConfigured() {
        JwtVerifier v = hs(JwtConfig.hs256(Jwts.SECRET_ENV)
                .withIssuer("https://id.example")
                .withAudience("relay"));
        var good = claims("a", "viewer").issuer("https://id.example").audience(List.of("grafana", "relay"));

        assertThat(v.verify(Jwts.hs256(good)).accepted()).isTrue();
        assertThat(refusal(
                        v,
                        Jwts.hs256(claims("a", "viewer")
                                .issuer("https://evil.example")
                                .audience("relay"))))
                .contains("issuer");
        assertThat(refusal(
                        v,
                        Jwts.hs256(claims("a", "viewer")
                                .issuer("https://id.example")
                                .audience("other"))))
                .contains("audience does not include auth.jwt.audience");
        assertThat(refusal(v, Jwts.hs256(claims("a", "viewer").issuer("https://id.example"))))
                .contains("audience");
    }

    @Test
    void theRoleAndNameClaimsMustBeUsable() {
        JwtVerifier v = hs(JwtConfig.hs256(Jwts.SECRET_ENV));

        assertThat(refusal(v, Jwts.hs256(claims("a", "root")))).contains("claim role must be viewer, ingest");
        assertThat(refusal(v, Jwts.hs256(claims("a", null)))).contains("claim role");
        assertThat(refusal(v, Jwts.hs256(claims("a\nINFO forged line", "viewer"))))
                .contains("claim sub must name");
        assertThat(refusal(v, Jwts.hs256(claims(null, "viewer")))).contains("claim sub");
    }

    @Test
    void garbageShapedLikeAJwtIsRefusedWithoutRepeatingIt() {
        assertThat(refusal(hs(JwtConfig.hs256(Jwts.SECRET_ENV)), "eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl"))
                .contains("does not parse");
    }

    @Test
    void aMissingOrShortSecretNamesTheKeyAndTheVariable() {
        assertThatThrownBy(() -> JwtVerifier.create(JwtConfig.hs256("NO_SUCH_VAR"), Map.of(), CLOCK))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.jwt.secretEnv")
                .hasMessageContaining("NO_SUCH_VAR is not set");
        assertThatThrownBy(() -> JwtVerifier.create(JwtConfig.hs256("S"), Map.of("S", "short-secret"), CLOCK))
                .hasMessageContaining("holds 12 bytes")
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void aBadPublicKeyFileNamesTheKeyAndWhatToDo() throws Exception {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> JwtVerifier.create(JwtConfig.rs256(missing), Map.of(), CLOCK))
                .hasMessageContaining("auth.jwt.publicKeyFile")
                .hasMessageContaining("no such file");
        Path priv = dir.resolve("private.pem");
        Files.writeString(priv, "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> JwtVerifier.create(JwtConfig.rs256(priv), Map.of(), CLOCK))
                .hasMessageContaining("holds a private key")
                .hasMessageContaining("-pubout")
                .hasMessageNotContaining("MIIB");
        Path text = dir.resolve("text.pem");
        Files.writeString(text, "hello\n");
        assertThatThrownBy(() -> JwtVerifier.create(JwtConfig.rs256(text), Map.of(), CLOCK))
                .hasMessageContaining("holds no PEM public key");
    }
}
