package io.alertrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST surface: Alertmanager push, alert and silence endpoints, auth, errors, health. */
class RestApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    TestRelay relay;

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir, t -> t.maxWebhookBytes = 16 * 1024);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    @Test
    void prometheusStylePushIsStoredAndReachesAWebSocketClient() {
        WsTestClient c = relay.subscribed(TestRelay.VIEWER);
        String body =
                "[{\"labels\":{\"alertname\":\"HostOutOfDiskSpace\",\"instance\":\"vps-01\",\"severity\":\"critical\"},"
                        + "\"annotations\":{\"summary\":\"Disk / is 96% full\"},\"startsAt\":\"2026-11-24T21:00:00Z\","
                        + "\"endsAt\":\"" + Instant.now().plus(Duration.ofMinutes(4))
                        + "\",\"generatorURL\":\"http://prom/graph\"}]";
        HttpResponse<String> r = relay.http("POST", "/api/v2/alerts", TestRelay.INGEST, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("accepted").asInt()).isEqualTo(1);
        JsonNode alert = c.next("alert").path("alert");
        assertThat(alert.path("severity").asText()).isEqualTo("critical");
        assertThat(alert.path("startsAt").asText()).isEqualTo("2026-11-24T21:00:00Z");
        assertThat(alert.path("status").asText()).isEqualTo("firing");
    }

    @Test
    void pushWithoutTokenIs401WithWrongRoleIs403() {
        assertThat(relay.http("POST", "/api/v2/alerts", null, Frames.alert("X")).statusCode())
                .isEqualTo(401);
        assertThat(relay.http("POST", "/api/v2/alerts", "bogus", Frames.alert("X"))
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> r = relay.http("POST", "/api/v2/alerts", TestRelay.VIEWER, Frames.alert("X"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).path("error").asText()).isEqualTo("forbidden");
        assertThat(relay.http("POST", "/api/v2/alerts", TestRelay.OPERATOR, Frames.alert("X"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void badAlertIs400NamingTheFirstBadAlertAndStoresNothing() {
        String body = "[" + Frames.alertObject("Good") + ",{\"labels\":{\"bad-name\":\"x\"}}]";
        HttpResponse<String> r = relay.http("POST", "/api/v2/alerts", TestRelay.INGEST, body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("message").asText()).contains("alert 1").contains("bad-name");
        assertThat(relay.relay.pipeline().alerts()).isEmpty();
    }

    @Test
    void malformedJsonIs400() {
        HttpResponse<String> r = relay.http("POST", "/api/v2/alerts", TestRelay.INGEST, "[{\"labels\":");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).isEqualTo("bad-alert");
        HttpResponse<String> wrongType =
                relay.http("POST", "/api/v2/alerts", TestRelay.INGEST, "[{\"labels\":{\"alertname\":5}}]");
        assertThat(json(wrongType).path("message").asText()).contains("labels.alertname must be a string");
    }

    @Test
    void bodyOverTheLimitIs413() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 400; i++) body.append(i == 0 ? "" : ",").append(Frames.alertObject("Big", "n", "" + i));
        HttpResponse<String> r = relay.http(
                "POST", "/api/v2/alerts", TestRelay.INGEST, body.append(']').toString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("message").asText()).contains("limits.maxWebhookBytes");
    }

    @Test
    void listAlertsWithMatcherFilterAndStatus() {
        relay.push("[" + Frames.alertObject("A", "env", "prod") + "," + Frames.alertObject("B", "env", "dev") + "]");
        JsonNode all = json(relay.http("GET", "/api/alerts", TestRelay.VIEWER, null));
        assertThat(all).hasSize(2);
        JsonNode prod = json(relay.http("GET", "/api/alerts?filter=env%3Dprod", TestRelay.VIEWER, null));
        assertThat(prod).hasSize(1);
        assertThat(prod.get(0).path("labels").path("alertname").asText()).isEqualTo("A");
        assertThat(json(relay.http("GET", "/api/alerts?status=resolved", TestRelay.VIEWER, null)))
                .isEmpty();
        HttpResponse<String> bad = relay.http("GET", "/api/alerts?filter=env%3D~(", TestRelay.VIEWER, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(relay.http("GET", "/api/alerts", TestRelay.INGEST, null).statusCode())
                .isEqualTo(403);
    }

    @Test
    void restAnswersShowWhenAFiringAlertExpiresWhileEndsAtStaysNullAsOnTheWire() {
        WsTestClient c = relay.subscribed(TestRelay.VIEWER);
        Instant ahead = Instant.parse("2099-01-01T00:04:00Z"); // as Prometheus sends it: 4 resend delays ahead
        relay.push("[{\"labels\":{\"alertname\":\"Lease\"},\"endsAt\":\"" + ahead + "\"}," + Frames.alertObject("NoEnd")
                + "]");
        JsonNode frame = c.next("alert").path("alert");
        assertThat(frame.has("expiresAt"))
                .as("frames keep protocol v1: %s", frame)
                .isFalse();
        assertThat(frame.path("endsAt").isNull()).isTrue();

        JsonNode lease = one(json(relay.http("GET", "/api/alerts?filter=alertname%3DLease", TestRelay.VIEWER, null)));
        assertThat(lease.path("status").asText()).isEqualTo("firing");
        assertThat(lease.path("endsAt").isNull()).isTrue();
        assertThat(lease.path("expiresAt").asText()).isEqualTo(ahead.toString());

        // no endsAt: alerts.resolveTimeout (5m) after the push
        JsonNode noEnd = one(json(relay.http("GET", "/api/alerts?filter=alertname%3DNoEnd", TestRelay.VIEWER, null)));
        Instant expires = Instant.parse(noEnd.path("expiresAt").asText());
        assertThat(expires)
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(4)), Instant.now().plus(Duration.ofMinutes(5)));

        String fp = lease.path("fingerprint").asText();
        HttpResponse<String> acked = relay.http("POST", "/api/alerts/" + fp + "/ack", TestRelay.OPERATOR, "{}");
        assertThat(json(acked).path("expiresAt").asText()).isEqualTo(ahead.toString());

        relay.push("[{\"labels\":{\"alertname\":\"Lease\"},\"endsAt\":\"2001-01-01T00:00:00Z\"}]");
        JsonNode resolved =
                one(json(relay.http("GET", "/api/alerts?filter=alertname%3DLease", TestRelay.VIEWER, null)));
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.path("endsAt").isTextual()).isTrue();
        assertThat(resolved.path("expiresAt").isNull()).as("%s", resolved).isTrue();
    }

    private static JsonNode one(JsonNode list) {
        assertThat(list).as("%s", list).hasSize(1);
        return list.get(0);
    }

    @Test
    void ackAndUnackOverRest() {
        relay.push(Frames.alert("A"));
        String fp = relay.relay.pipeline().alerts().get(0).fingerprint();
        HttpResponse<String> r =
                relay.http("POST", "/api/alerts/" + fp + "/ack", TestRelay.OPERATOR, "{\"comment\":\"looking\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("ack").path("comment").asText()).isEqualTo("looking");
        assertThat(relay.http("POST", "/api/alerts/" + fp + "/ack", TestRelay.VIEWER, "{}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(relay.http("POST", "/api/alerts/ffffffffffffffff/ack", TestRelay.OPERATOR, "{}")
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> un = relay.http("DELETE", "/api/alerts/" + fp + "/ack", TestRelay.OPERATOR, null);
        assertThat(json(un).path("ack").isNull()).isTrue();
    }

    @Test
    void silencesCreateListAndExpire() {
        String body = "{\"matchers\":[\"alertname=A\",{\"name\":\"env\",\"value\":\"p.*\",\"isRegex\":true}],"
                + "\"endsAt\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\",\"comment\":\"deploy\"}";
        HttpResponse<String> created = relay.http("POST", "/api/silences", TestRelay.OPERATOR, body);
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).path("id").asText();
        assertThat(json(created).path("matchers").get(1).asText()).isEqualTo("env=~\"p.*\"");
        assertThat(json(relay.http("GET", "/api/silences", TestRelay.VIEWER, null)))
                .hasSize(1);
        HttpResponse<String> expired = relay.http("DELETE", "/api/silences/" + id, TestRelay.OPERATOR, null);
        assertThat(json(expired).path("status").asText()).isEqualTo("expired");
        assertThat(relay.http("DELETE", "/api/silences/nope", TestRelay.OPERATOR, null)
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> bad = relay.http("POST", "/api/silences", TestRelay.OPERATOR, "{\"matchers\":[]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("message").asText()).contains("matchers");
    }

    @Test
    void healthReadinessAndUnknownEndpoints() {
        assertThat(relay.http("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
        assertThat(relay.http("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> missing = relay.http("GET", "/api/nothing", TestRelay.VIEWER, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("error").asText()).isEqualTo("not-found");
        assertThat(relay.http("GET", "/", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsExposeRelayNamesInPrometheusFormat() {
        relay.subscribed(TestRelay.VIEWER);
        relay.push(Frames.alert("M"));
        String text = relay.http("GET", "/metrics", null, null).body();
        assertThat(text)
                .contains("relay_sessions{role=\"viewer\"} 1")
                .contains("relay_frames_sent_total")
                .contains("relay_sent_bytes_total")
                .contains("relay_send_queue_bytes")
                .contains("relay_alerts_ingested_total{source=\"api\"} 1")
                .contains("relay_journal_entries")
                .contains("relay_journal_oldest_seq")
                .contains("relay_resumes_total{outcome=\"snapshot\"} 1")
                .contains("jvm_memory_used_bytes")
                .contains("process_cpu_usage");
    }
}
