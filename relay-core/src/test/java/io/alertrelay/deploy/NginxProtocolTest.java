package io.alertrelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.auth.Tokens;
import io.alertrelay.config.PluginsConfig;
import io.alertrelay.hardening.fixtures.LinesFormat;
import io.alertrelay.net.Cidr;
import io.alertrelay.net.TrustedProxies;
import io.alertrelay.plugin.TestPluginJar;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.Nginx;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole client contract through the shipped nginx site (HTTPS and WSS, as shipped) in front of a real relay:
 * the WebSocket protocol (both ways to sign in, subscribe, live alerts, acks, resume, heartbeats, close codes),
 * the REST API, webhooks, nginx's own body limit and the HTTP-to-HTTPS redirect.
 */
class NginxProtocolTest {

    static final String HOOK_TOKEN = "nginx-hook-token";

    @TempDir
    Path dir;

    TestRelay relay;
    Nginx nginx;
    final List<WsTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        TestPluginJar.write(dir.resolve("data/plugins"), "test-formats", ">=1.0.0 & <2.0.0", LinesFormat.class);
        Map<String, Object> webhooks = Map.of(
                "hooks", List.of(Map.of("name", "ci", "format", "lines", "tokenSha256", Tokens.sha256Hex(HOOK_TOKEN))));
        relay = TestRelay.start(dir.resolve("data"), t -> {
            t.heartbeat = Duration.ofSeconds(1);
            t.config = c -> c.withServer(c.server().withTrustedProxies(loopback()))
                    .withPlugins(new PluginsConfig(null, Map.of("webhooks", new ObjectMapper().valueToTree(webhooks))));
        });
        nginx = Nginx.start(dir.resolve("nginx"), List.of(relay.relay.port()));
    }

    static TrustedProxies loopback() {
        return new TrustedProxies(List.of(Cidr.parse("127.0.0.1").cidr()));
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        if (nginx != null) nginx.close();
        if (relay != null) relay.close();
    }

    WsTestClient ws(String bearer) {
        WsTestClient c = WsTestClient.connect(nginx.http(), nginx.wsUri(), bearer);
        clients.add(c);
        return c;
    }

    WsTestClient subscribed(String bearer) {
        WsTestClient c = ws(bearer);
        c.next("welcome");
        c.send(Frames.subscribe());
        c.next("snapshot");
        return c;
    }

    HttpResponse<String> http(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(nginx.base() + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return nginx.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signedInByHeaderAViewerGetsLiveAlertsAndAnOperatorsAck() throws Exception {
        WsTestClient viewer = subscribed(TestRelay.VIEWER);
        WsTestClient operator = subscribed(TestRelay.OPERATOR);
        assertThat(http("POST", "/api/v2/alerts", TestRelay.INGEST, Frames.alert("DiskFull"))
                        .statusCode())
                .isEqualTo(200);
        JsonNode alert = viewer.next("alert").path("alert");
        assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("DiskFull");
        String fp = operator.next("alert").path("alert").path("fingerprint").asText();

        operator.send("{\"type\":\"ack\",\"id\":\"a1\",\"fingerprint\":\"" + fp + "\",\"comment\":\"on it\"}");
        assertThat(viewer.next("alert").path("alert").path("ack").path("by").asText())
                .isEqualTo("operator");
        assertThat(operator.next("done").path("ref").asText()).isEqualTo("a1");
    }

    @Test
    void aBrowserSignsInWithItsFirstFrame() {
        WsTestClient c = ws(null);
        JsonNode welcome = c.auth(TestRelay.VIEWER);
        assertThat(welcome.path("role").asText()).isEqualTo("viewer");
        assertThat(welcome.path("heartbeatSeconds").asInt()).isEqualTo(1);
    }

    @Test
    void unauthorizedIsClosedWith4401AndTheReasonThroughNginx() {
        WsTestClient.Close close = ws("not-a-token").awaitClose();
        assertThat(close.code()).isEqualTo(4401);
        assertThat(close.reason()).contains("unknown token");
    }

    @Test
    void aClientThatReconnectsWithSinceGetsWhatItMissedReplayed() throws Exception {
        WsTestClient first = subscribed(TestRelay.VIEWER);
        http("POST", "/api/v2/alerts", TestRelay.INGEST, Frames.alert("A"));
        long seq = first.next("alert").path("seq").asLong();
        String epoch = relay.relay.pipeline().epoch();
        first.close();
        for (String name : List.of("B", "C")) http("POST", "/api/v2/alerts", TestRelay.INGEST, Frames.alert(name));

        WsTestClient again = ws(TestRelay.VIEWER);
        again.next("welcome");
        again.send(Frames.resume(epoch, seq));
        for (String name : List.of("B", "C")) {
            JsonNode f = again.next();
            assertThat(f.path("type").asText()).as("replayed, no snapshot").isEqualTo("alert");
            assertThat(f.path("seq").asLong()).isEqualTo(++seq);
            assertThat(f.path("alert").path("labels").path("alertname").asText())
                    .isEqualTo(name);
        }
    }

    @Test
    void heartbeatPingsAndPongsPassSoAQuietClientStaysConnected() {
        WsTestClient c = subscribed(TestRelay.VIEWER);
        // heartbeat 1 s: a peer whose pongs did not come back would be dropped after 2 s
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> !c.closed.isDone());
        c.send("{\"type\":\"ping\",\"id\":\"still-here\"}");
        assertThat(c.next("pong").path("id").asText()).isEqualTo("still-here");
        assertThat(relay.relay.metrics().scrape())
                .contains("relay_frames_rejected_total{reason=\"heartbeat-missed\"} 0.0");
    }

    @Test
    void aRelayShuttingDownClosesWith1001ThroughNginx() {
        WsTestClient c = subscribed(TestRelay.VIEWER);
        relay.close();
        assertThat(c.awaitClose().code()).isEqualTo(1001);
    }

    @Test
    void theRestApiAnswersWithItsOwnStatusesAndJson() throws Exception {
        http("POST", "/api/v2/alerts", TestRelay.INGEST, Frames.alert("Listed"));
        HttpResponse<String> list = http("GET", "/api/alerts", TestRelay.VIEWER, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"alertname\":\"Listed\"");
        assertThat(http("GET", "/api/alerts", null, null).statusCode()).isEqualTo(401);
        assertThat(http("GET", "/api/alerts", TestRelay.INGEST, null).statusCode())
                .as("ingest may only push")
                .isEqualTo(403);
        assertThat(http("GET", "/healthz", null, null).body()).contains("ok");
        assertThat(http("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=63072000");
    }

    @Test
    void theWallsSecurityHeadersPassThroughNginx() throws Exception {
        HttpResponse<String> wall = http("GET", "/", null, null);
        assertThat(wall.statusCode()).isEqualTo(200);
        assertThat(wall.headers().firstValue("Content-Security-Policy"))
                .get()
                .asString()
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(wall.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(wall.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(wall.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(wall.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=63072000");
    }

    @Test
    void aWebhookIsDeliveredAndABadTokenRefused() throws Exception {
        WsTestClient viewer = subscribed(TestRelay.VIEWER);
        assertThat(http("POST", "/hooks/ci", HOOK_TOKEN, "alertname=BuildBroken\nseverity=warning")
                        .statusCode())
                .isEqualTo(200);
        assertThat(viewer.next("alert")
                        .path("alert")
                        .path("labels")
                        .path("alertname")
                        .asText())
                .isEqualTo("BuildBroken");
        HttpResponse<String> refused = http("POST", "/hooks/ci", "wrong", "alertname=X");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void aBodyOverTheRelaysLimitIsRefusedByNginxInTheRelaysJsonShape() throws Exception {
        String big = "[" + Frames.alertObject("Big", "pad", "x".repeat(1_100_000)) + "]";
        HttpResponse<String> r = http("POST", "/api/v2/alerts", TestRelay.INGEST, big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new ObjectMapper().readTree(r.body()).path("error").asText()).isEqualTo("too-large");
        // nginx answered, not the relay (whose own 413 has the same shape): the body never crossed to it
        assertThat(r.body()).contains("nginx allows");
        assertThat(relay.relay.metrics().scrape()).contains("relay_http_rejected_total{reason=\"too-large\"} 0.0");
        // an ack body is capped lower, as the relay caps it
        assertThat(http("POST", "/api/silences", TestRelay.OPERATOR, "x".repeat(70_000))
                        .statusCode())
                .isEqualTo(413);
    }

    @Test
    void plainHttpIsRedirectedToHttps() throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginx.httpPort() + "/api/alerts?x=1"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(301);
        // the site's own name, whatever Host the client sent
        assertThat(r.headers().firstValue("Location")).hasValue("https://alerts.example.com/api/alerts?x=1");
    }
}
