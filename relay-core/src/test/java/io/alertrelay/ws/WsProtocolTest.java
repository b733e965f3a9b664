package io.alertrelay.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protocol v1 over a real socket: authentication, roles, subscribe, live changes, requests. */
class WsProtocolTest {

    @TempDir
    Path dataDir;

    TestRelay relay;

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir, t -> {
            t.authTimeout = Duration.ofSeconds(1);
            t.allowedOrigins = List.of("https://wall.example");
        });
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void requestsSentBackToBackAreAppliedAndAnsweredInOrder() {
        relay.push(Frames.alert("Ordered"));
        String fp = relay.relay.pipeline().alerts().get(0).fingerprint();
        WsTestClient op = relay.client(TestRelay.OPERATOR);
        java.util.List<String> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String kind = i % 2 == 0 ? "ack" : "unack";
            op.send("{\"type\":\"" + kind + "\",\"id\":\"" + kind + i + "\",\"fingerprint\":\"" + fp + "\"}");
            op.send("{\"type\":\"ping\",\"id\":\"p" + i + "\"}");
            sent.add(kind + i);
            sent.add("p" + i);
        }
        java.util.List<String> answered = new java.util.ArrayList<>();
        while (answered.size() < sent.size()) {
            JsonNode f = op.next();
            String type = f.path("type").asText();
            if (type.equals("done")) answered.add(f.path("ref").asText());
            if (type.equals("pong")) answered.add(f.path("id").asText());
        }
        assertThat(answered).isEqualTo(sent);
        assertThat(relay.relay.pipeline().alert(fp).orElseThrow().ack())
                .as("the last request was an unack")
                .isNull();
    }

    @Test
    void bearerTokenOnTheUpgradeGetsAWelcomeWithEpochSeqAndRole() {
        WsTestClient c = relay.track(WsTestClient.connect(relay.wsUri(), TestRelay.VIEWER));
        JsonNode w = c.next();
        assertThat(w.path("type").asText()).isEqualTo("welcome");
        assertThat(w.path("role").asText()).isEqualTo("viewer");
        assertThat(w.path("epoch").asText()).isNotEmpty();
        assertThat(w.path("seq").isIntegralNumber()).isTrue();
        assertThat(w.path("heartbeatSeconds").asLong()).isEqualTo(30);
        assertThat(w.path("server").asText()).startsWith("alert-relay/");
        assertThat(c.socket().getSubprotocol()).isEqualTo("alert-relay.v1");
    }

    @Test
    void authFrameSignsInABrowserStyleClient() {
        WsTestClient c = relay.track(WsTestClient.connect(relay.wsUri(), null));
        JsonNode w = c.auth(TestRelay.OPERATOR);
        assertThat(w.path("role").asText()).isEqualTo("operator");
    }

    @Test
    void wrongTokenInAuthFrameClosesWith4401() {
        WsTestClient c = relay.track(WsTestClient.connect(relay.wsUri(), null));
        c.send("{\"type\":\"auth\",\"token\":\"nope\"}");
        assertThat(c.awaitClose().code()).isEqualTo(4401);
    }

    @Test
    void wrongBearerTokenClosesWith4401() {
        WsTestClient c = relay.track(WsTestClient.connect(relay.wsUri(), "wrong"));
        assertThat(c.awaitClose().code()).isEqualTo(4401);
    }

    @Test
    void noAuthFrameWithinTheDeadlineClosesWith4401() {
        WsTestClient c = relay.track(WsTestClient.connect(relay.wsUri(), null));
        WsTestClient.Close close = c.awaitClose();
        assertThat(close.code()).isEqualTo(4401);
        assertThat(close.reason()).contains("auth");
    }

    @Test
    void requestBeforeAuthClosesWith4401() {
        WsTestClient c = relay.track(WsTestClient.connect(relay.wsUri(), null));
        c.send(Frames.subscribe());
        assertThat(c.awaitClose().code()).isEqualTo(4401);
    }

    @Test
    void originOutsideTheAllowListIsRefusedWith403AtTheUpgrade() {
        assertThatThrownBy(() -> WsTestClient.tryConnect(relay.wsUri(), TestRelay.VIEWER, "https://evil.example")
                        .join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(
                                ((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(403));
        WsTestClient ok =
                relay.track(WsTestClient.connect(relay.wsUri(), TestRelay.VIEWER, "https://wall.example", true));
        assertThat(ok.next().path("type").asText()).isEqualTo("welcome");
    }

    @Test
    void subscribeSendsASnapshotThenLiveAlertsWithIncreasingSeq() {
        relay.push(Frames.alert("Before", "instance", "vps-01"));
        WsTestClient c = relay.client(TestRelay.VIEWER);
        c.send(Frames.subscribe());
        JsonNode snap = c.next("snapshot");
        assertThat(snap.path("reset").asBoolean()).isFalse();
        assertThat(snap.path("alerts")).hasSize(1);
        assertThat(snap.path("alerts").get(0).path("labels").path("alertname").asText())
                .isEqualTo("Before");
        long seq0 = snap.path("seq").asLong();

        relay.push(Frames.alert("Live1"));
        relay.push(Frames.alert("Live2"));
        JsonNode a1 = c.next("alert");
        JsonNode a2 = c.next("alert");
        assertThat(a1.path("seq").asLong()).isEqualTo(seq0 + 1);
        assertThat(a2.path("seq").asLong()).isEqualTo(seq0 + 2);
        JsonNode alert = a1.path("alert");
        assertThat(alert.path("status").asText()).isEqualTo("firing");
        assertThat(alert.path("severity").asText()).isEqualTo("warning");
        assertThat(alert.path("endsAt").isNull()).isTrue();
        assertThat(alert.path("ack").isNull()).isTrue();
        assertThat(alert.path("silencedBy").isArray()).isTrue();
        assertThat(alert.path("fingerprint").asText()).hasSize(16);
        assertThat(alert.path("source").asText()).isEqualTo("api:ingest");
    }

    @Test
    void filterDeliversOnlyMatchingAlerts() {
        WsTestClient crit = relay.subscribed(TestRelay.VIEWER, "severity=~critical|page");
        relay.push(Frames.alert("Quiet", "severity", "info"));
        relay.push(Frames.alert("Loud", "severity", "critical"));
        JsonNode a = crit.next("alert");
        assertThat(a.path("alert").path("labels").path("alertname").asText()).isEqualTo("Loud");
        assertThat(crit.pending()).isEmpty();
    }

    @Test
    void badFilterMatcherIsAnsweredWithInvalidError() {
        WsTestClient c = relay.client(TestRelay.VIEWER);
        c.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"filter\":{\"matchers\":[\"env=~(\"]}}");
        JsonNode e = c.next("error");
        assertThat(e.path("code").asText()).isEqualTo("invalid");
        assertThat(e.path("ref").asText()).isEqualTo("s1");
        assertThat(e.path("message").asText()).contains("env=~(");
    }

    @Test
    void pingIsAnsweredWithPongCarryingTheId() {
        WsTestClient c = relay.client(TestRelay.VIEWER);
        c.send("{\"type\":\"ping\",\"id\":\"p-7\"}");
        JsonNode p = c.next("pong");
        assertThat(p.path("id").asText()).isEqualTo("p-7");
    }

    @Test
    void operatorAcksAndUnacksAndEveryViewerSeesIt() {
        relay.push(Frames.alert("DiskFull", "instance", "vps-01"));
        WsTestClient viewer = relay.subscribed(TestRelay.VIEWER);
        WsTestClient op = relay.subscribed(TestRelay.OPERATOR);
        String fp = relay.relay.pipeline().alerts().get(0).fingerprint();

        op.send("{\"type\":\"ack\",\"id\":\"a1\",\"fingerprint\":\"" + fp + "\",\"comment\":\"on it\"}");
        JsonNode acked = viewer.next("alert").path("alert");
        assertThat(acked.path("ack").path("by").asText()).isEqualTo("operator");
        assertThat(acked.path("ack").path("comment").asText()).isEqualTo("on it");
        assertThat(op.next("done").path("ref").asText()).isEqualTo("a1");

        op.send("{\"type\":\"unack\",\"fingerprint\":\"" + fp + "\"}");
        assertThat(viewer.next("alert").path("alert").path("ack").isNull()).isTrue();
    }

    @Test
    void viewerMayNotAckAndTheConnectionStaysOpen() {
        relay.push(Frames.alert("DiskFull"));
        WsTestClient viewer = relay.subscribed(TestRelay.VIEWER);
        String fp = relay.relay.pipeline().alerts().get(0).fingerprint();
        viewer.send("{\"type\":\"ack\",\"id\":\"x\",\"fingerprint\":\"" + fp + "\"}");
        JsonNode e = viewer.next("error");
        assertThat(e.path("code").asText()).isEqualTo("forbidden");
        assertThat(e.path("ref").asText()).isEqualTo("x");
        viewer.send("{\"type\":\"ping\",\"id\":\"still-here\"}");
        assertThat(viewer.next("pong").path("id").asText()).isEqualTo("still-here");
    }

    @Test
    void ingestTokenMayNotReadOverTheWebSocket() {
        WsTestClient c = relay.client(TestRelay.INGEST);
        c.send(Frames.subscribe());
        assertThat(c.next("error").path("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void ackOfAnUnknownFingerprintIsNotFound() {
        WsTestClient op = relay.subscribed(TestRelay.OPERATOR);
        op.send("{\"type\":\"ack\",\"id\":\"q\",\"fingerprint\":\"0000000000000000\"}");
        assertThat(op.next("error").path("code").asText()).isEqualTo("not-found");
    }

    @Test
    void silenceMarksMatchingAlertsAndExpiringItClearsThem() {
        relay.push(Frames.alert("DiskFull", "env", "prod"));
        relay.push(Frames.alert("DiskFull", "env", "dev"));
        WsTestClient op = relay.subscribed(TestRelay.OPERATOR);
        String endsAt = Instant.now().plus(Duration.ofHours(1)).toString();
        op.send("{\"type\":\"silence\",\"id\":\"s\",\"matchers\":[\"env=dev\"],\"endsAt\":\"" + endsAt
                + "\",\"comment\":\"maintenance\"}");
        JsonNode silence = op.next("silence").path("silence");
        assertThat(silence.path("status").asText()).isEqualTo("active");
        assertThat(silence.path("createdBy").asText()).isEqualTo("operator");
        assertThat(silence.path("matchers").get(0).asText()).isEqualTo("env=\"dev\"");
        String id = silence.path("id").asText();
        JsonNode silenced = op.next("alert").path("alert");
        assertThat(silenced.path("labels").path("env").asText()).isEqualTo("dev");
        assertThat(silenced.path("silencedBy").get(0).asText()).isEqualTo(id);
        assertThat(op.next("done").path("silenceId").asText()).isEqualTo(id);

        op.send("{\"type\":\"expire-silence\",\"silenceId\":\"" + id + "\"}");
        assertThat(op.next("silence").path("silence").path("status").asText()).isEqualTo("expired");
        assertThat(op.next("alert").path("alert").path("silencedBy")).isEmpty();
    }

    @Test
    void silenceWithoutEndsAtIsInvalid() {
        WsTestClient op = relay.subscribed(TestRelay.OPERATOR);
        op.send("{\"type\":\"silence\",\"id\":\"s\",\"matchers\":[\"env=dev\"]}");
        JsonNode e = op.next("error");
        assertThat(e.path("code").asText()).isEqualTo("invalid");
        assertThat(e.path("message").asText()).contains("endsAt");
    }

    @Test
    void resolvedAlertArrivesAsResolvedWithEndsAt() {
        WsTestClient c = relay.subscribed(TestRelay.VIEWER);
        relay.push(Frames.alert("Flappy"));
        c.next("alert");
        String endsAt = Instant.now().minusSeconds(1).toString();
        relay.push("[{\"labels\":{\"alertname\":\"Flappy\"},\"annotations\":{\"summary\":\"Flappy is"
                + " happening\"},\"endsAt\":\""
                + endsAt + "\"}]");
        JsonNode resolved = c.next("alert").path("alert");
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.path("endsAt").asText()).isNotEmpty();
    }

    @Test
    void aReSentAlertThatChangesNothingProducesNoMessage() {
        WsTestClient c = relay.subscribed(TestRelay.VIEWER);
        relay.push(Frames.alert("Steady"));
        c.next("alert");
        relay.push(Frames.alert("Steady"));
        relay.push(Frames.alert("Steady"));
        c.send("{\"type\":\"ping\",\"id\":\"fence\"}");
        JsonNode next = c.next();
        assertThat(next.path("type").asText()).isEqualTo("pong");
    }

    @Test
    void aClientsNormalCloseIsCountedByCode() {
        WsTestClient c = relay.client(TestRelay.VIEWER);
        c.close();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> relay.relay.metrics().scrape().contains("relay_sessions_closed_total{code=\"1000\"} 1.0"));
        assertThat(relay.relay.metrics().scrape()).contains("relay_sessions{role=\"viewer\"} 0.0");
    }
}
