package io.alertrelay.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.alertrelay.config.JwtConfig;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JWTs on a running relay, over real sockets: a good one signs in on the WebSocket (header and auth frame) and on
 * HTTP with its role; every bad kind is refused with 4401 / 401 and a reason that says what was wrong.
 */
class JwtAuthTest {

    @TempDir
    static Path dir;

    static TestRelay hs;
    static TestRelay rs;

    @BeforeAll
    static void start() {
        hs = TestRelay.start(dir.resolve("hs"), t -> {
            t.jwt = JwtConfig.hs256(Jwts.SECRET_ENV)
                    .withIssuer("https://id.example")
                    .withAudience("alert-relay");
            t.env = Map.of(Jwts.SECRET_ENV, Jwts.SECRET);
        });
        rs = TestRelay.start(dir.resolve("rs"), t -> t.jwt = JwtConfig.rs256(Jwts.writePublicKey(dir)));
    }

    @AfterAll
    static void stop() {
        hs.close();
        rs.close();
    }

    private static JWTClaimsSet.Builder claims(String sub, String role) {
        return Jwts.claims(sub, role).issuer("https://id.example").audience("alert-relay");
    }

    /** The WebSocket refusal (by header and by auth frame) and the HTTP one, each with its reason. */
    private static void refusedEverywhere(TestRelay relay, String jwt, String why) {
        WsTestClient header = relay.track(WsTestClient.connect(relay.wsUri(), jwt));
        WsTestClient.Close c1 = header.awaitClose();
        WsTestClient frame = relay.track(WsTestClient.connect(relay.wsUri(), null));
        frame.send("{\"type\":\"auth\",\"token\":\"" + jwt + "\"}");
        WsTestClient.Close c2 = frame.awaitClose();
        HttpResponse<String> http = relay.http("GET", "/api/alerts", jwt, null);
        for (WsTestClient.Close c : new WsTestClient.Close[] {c1, c2}) {
            assertThat(c.code()).isEqualTo(4401);
            assertThat(c.reason()).contains(why).doesNotContain(jwt);
        }
        assertThat(http.statusCode()).isEqualTo(401);
        assertThat(http.body()).contains("\"unauthorized\"").contains(why).doesNotContain(jwt);
    }

    @Test
    void aGoodHs256TokenSignsInWithItsRoleOnBothSides() {
        String jwt = Jwts.hs256(claims("alice@example.com", "operator"));

        WsTestClient byHeader = hs.client(jwt);
        WsTestClient byFrame = hs.track(WsTestClient.connect(hs.wsUri(), null));
        assertThat(byFrame.auth(jwt).path("role").asText()).isEqualTo("operator");
        assertThat(hs.http("GET", "/api/alerts", jwt, null).statusCode()).isEqualTo(200);
        byHeader.send("{\"type\":\"ping\",\"id\":\"p\"}");
        assertThat(byHeader.next("pong").path("id").asText()).isEqualTo("p");
    }

    @Test
    void theRoleClaimDecidesWhatTheCallerMayDo() {
        String viewer = Jwts.hs256(claims("wall-7", "viewer"));
        String ingest = Jwts.hs256(claims("prometheus", "ingest"));
        String alert = "[{\"labels\":{\"alertname\":\"JwtTest\",\"severity\":\"warning\"}}]";

        assertThat(hs.http("POST", "/api/v2/alerts", viewer, alert).statusCode())
                .isEqualTo(403);
        assertThat(hs.http("POST", "/api/v2/alerts", ingest, alert).statusCode())
                .isEqualTo(200);
        WsTestClient wall = hs.client(viewer);
        wall.send("{\"type\":\"ack\",\"id\":\"a1\",\"fingerprint\":\"0000000000000000\"}");
        assertThat(wall.next("error").path("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void aGoodRs256TokenSignsIn() {
        String jwt = Jwts.rs256(Jwts.claims("ci-bot", "admin"));

        assertThat(rs.track(WsTestClient.connect(rs.wsUri(), jwt))
                        .next("welcome")
                        .path("role")
                        .asText())
                .isEqualTo("admin");
        assertThat(rs.http("GET", "/api/plugins", jwt, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aSessionOpenedWithAJwtIsClosedWhenTheJwtExpires(@org.junit.jupiter.api.io.TempDir Path own) {
        try (TestRelay strict = TestRelay.start(own, t -> {
            t.jwt = JwtConfig.hs256(Jwts.SECRET_ENV).withClockSkew(java.time.Duration.ZERO);
            t.env = Map.of(Jwts.SECRET_ENV, Jwts.SECRET);
        })) {
            String jwt = Jwts.hs256(Jwts.claims("short-lived", "operator")
                    .expirationTime(Date.from(Instant.now().plusSeconds(2))));
            WsTestClient c = strict.client(jwt);
            c.send("{\"type\":\"ping\",\"id\":\"p\"}");
            assertThat(c.next("pong").path("id").asText()).isEqualTo("p");
            WsTestClient.Close close = c.awaitClose(); // within about 2 s, not never
            assertThat(close.code()).isEqualTo(4401);
            assertThat(close.reason()).contains("JWT expired").doesNotContain(jwt);
        }
    }

    @Test
    void anExpiredTokenIsRefusedSayingItExpired() {
        refusedEverywhere(
                hs,
                Jwts.hs256(claims("alice", "viewer")
                        .expirationTime(Date.from(Instant.now().minusSeconds(600)))),
                "JWT expired at ");
    }

    @Test
    void aForgedSignatureIsRefused() {
        refusedEverywhere(
                hs,
                Jwts.hs256(claims("mallory", "admin"), "not-the-relay-secret-but-just-as-long-as-it"),
                "signature does not verify");
        refusedEverywhere(
                rs,
                Jwts.tampered(Jwts.rs256(Jwts.claims("bob", "viewer")), c -> c.claim("role", "admin")),
                "signature does not verify");
    }

    @Test
    void algNoneAndHsRsConfusionAreRefused() {
        refusedEverywhere(hs, Jwts.none(claims("mallory", "admin")), "alg none");
        refusedEverywhere(
                rs, Jwts.hs256WithThePublicKey(Jwts.claims("mallory", "admin")), "algorithm HS256 is not accepted");
    }

    @Test
    void aWrongAudienceOrIssuerIsRefused() {
        refusedEverywhere(hs, Jwts.hs256(claims("alice", "viewer").audience("grafana")), "audience");
        refusedEverywhere(hs, Jwts.hs256(claims("alice", "viewer").issuer("https://elsewhere.example")), "issuer");
    }

    @Test
    void aJwtSentToARelayWithoutAuthJwtIsRefusedSayingSo() throws Exception {
        try (TestRelay plain = TestRelay.start(dir.resolve("plain"))) {
            refusedEverywhere(plain, Jwts.hs256(claims("alice", "viewer")), "accepts none (no auth.jwt)");
        }
    }

    @Test
    void theRelaysOwnTokensStillWorkBesideJwts() {
        assertThat(hs.http("GET", "/api/alerts", TestRelay.VIEWER, null).statusCode())
                .isEqualTo(200);
        assertThat(hs.http("GET", "/api/alerts", "wrong", null).body()).contains("unknown token");
    }
}
