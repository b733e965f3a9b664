package io.alertrelay.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every connection and request limit is counted where an operator looks (/metrics), with its series present at 0
 * from the start, and a client over a limit costs the others nothing.
 */
class LimitMetricsTest {

    @TempDir
    Path dataDir;

    TestRelay relay;

    @AfterEach
    void stop() {
        if (relay != null) relay.close();
    }

    private String scrape() {
        return relay.relay.metrics().scrape();
    }

    @Test
    void everyLimitSeriesIsPresentAtZeroFromTheStart() {
        relay = TestRelay.start(dataDir);
        for (String reason : RelayMetrics.REJECT_REASONS) {
            assertThat(scrape()).contains("relay_frames_rejected_total{reason=\"" + reason + "\"} 0.0");
        }
        for (String reason : RelayMetrics.HTTP_REJECT_REASONS) {
            assertThat(scrape()).contains("relay_http_rejected_total{reason=\"" + reason + "\"} 0.0");
        }
    }

    @Test
    void anUpgradeOverMaxConnectionsIs503AndCounted() {
        relay = TestRelay.start(dataDir, t -> t.maxConnections = 1);
        WsTestClient first = relay.subscribed(TestRelay.VIEWER);
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                CompletionException.class,
                () -> WsTestClient.tryConnect(relay.wsUri(), TestRelay.VIEWER, null)
                        .join());
        assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause())
                        .getResponse()
                        .statusCode())
                .isEqualTo(503);
        assertThat(scrape()).contains("relay_frames_rejected_total{reason=\"max-connections\"} 1.0");
        relay.push(Frames.alert("StillServed"));
        assertThat(first.next("alert")
                        .path("alert")
                        .path("labels")
                        .path("alertname")
                        .asText())
                .isEqualTo("StillServed");
    }

    @Test
    void aConnectionOverMaxConnectionsPerIpIsClosedWith1008AndCounted() {
        relay = TestRelay.start(dataDir, t -> t.maxConnectionsPerIp = 1);
        WsTestClient first = relay.subscribed(TestRelay.VIEWER);
        WsTestClient second = relay.track(WsTestClient.connect(relay.wsUri(), TestRelay.VIEWER));
        WsTestClient.Close close = second.awaitClose();
        assertThat(close.code()).isEqualTo(1008);
        assertThat(close.reason()).contains("limits.maxConnectionsPerIp");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> scrape().contains("relay_frames_rejected_total{reason=\"max-connections-per-ip\"} 1.0"));
        relay.push(Frames.alert("StillServed"));
        assertThat(first.next("alert")
                        .path("alert")
                        .path("labels")
                        .path("alertname")
                        .asText())
                .isEqualTo("StillServed");
    }

    @Test
    void aBodyOverMaxWebhookBytesIs413AndCounted() {
        relay = TestRelay.start(dataDir, t -> t.maxWebhookBytes = 1024);
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 40; i++) body.append(i == 0 ? "" : ",").append(Frames.alertObject("Big", "n", "" + i));
        HttpResponse<String> r = relay.http(
                "POST", "/api/v2/alerts", TestRelay.INGEST, body.append(']').toString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(scrape()).contains("relay_http_rejected_total{reason=\"too-large\"} 1.0");
    }

    @Test
    void subscribesOverThePerMinuteLimitAreRefusedWithRateLimitedAndTheSubscriptionStays() {
        relay = TestRelay.start(dataDir, t -> t.subscribesPerMinute = 3);
        WsTestClient c = relay.client(TestRelay.VIEWER);
        for (int i = 0; i < 3; i++) {
            c.send(Frames.subscribe("alertname=Wanted"));
            c.next("snapshot");
        }
        c.send("{\"type\":\"subscribe\",\"id\":\"s4\",\"filter\":{\"matchers\":[]}}");
        JsonNode e = c.next("error");
        assertThat(e.path("code").asText()).isEqualTo("rate-limited");
        assertThat(e.path("ref").asText()).isEqualTo("s4");
        assertThat(e.path("message").asText())
                .contains("limits.subscribesPerMinute")
                .contains("subscribe again in");
        assertThat(scrape()).contains("relay_frames_rejected_total{reason=\"subscribe-rate\"} 1.0");

        // still open, still subscribed with the last filter that was accepted
        relay.push("[" + Frames.alertObject("Other") + "," + Frames.alertObject("Wanted") + "]");
        assertThat(c.next("alert")
                        .path("alert")
                        .path("labels")
                        .path("alertname")
                        .asText())
                .isEqualTo("Wanted");
        c.send("{\"type\":\"ping\",\"id\":\"p\"}");
        assertThat(c.next("pong").path("id").asText()).isEqualTo("p");
        assertThat(c.received())
                .noneMatch(f -> f.path("alert")
                        .path("labels")
                        .path("alertname")
                        .asText()
                        .equals("Other"));
    }

    @Test
    void eachSessionHasItsOwnSubscribeBudget() {
        relay = TestRelay.start(dataDir, t -> t.subscribesPerMinute = 1);
        WsTestClient a = relay.subscribed(TestRelay.VIEWER);
        a.send(Frames.subscribe());
        assertThat(a.next("error").path("code").asText()).isEqualTo("rate-limited");
        WsTestClient b = relay.client(TestRelay.VIEWER);
        b.send(Frames.subscribe());
        assertThat(b.next().path("type").asText()).isEqualTo("snapshot");
    }
}
