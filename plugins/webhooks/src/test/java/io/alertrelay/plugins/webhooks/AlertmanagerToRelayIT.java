package io.alertrelay.plugins.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.alertrelay.plugin.devkit.InProcessRelay;
import io.alertrelay.testing.ExternalProgram;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.RunningProgram;
import io.alertrelay.testing.TestHttp;
import io.alertrelay.testing.WsTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager (Debian's prometheus-alertmanager) with deploy/prometheus/alertmanager.yml, rendered with
 * this relay's address, a token file and short group timings, delivers to the built webhooks plugin at
 * /hooks/alertmanager with the bearer token: an alert posted to Alertmanager reaches a subscribed WebSocket
 * client as firing, and the same alert posted again with an endsAt in the past reaches it as resolved.
 */
class AlertmanagerToRelayIT {

    static final Path SHIPPED = Path.of("..", "..", "deploy", "prometheus", "alertmanager.yml");
    static final String HOOK_TOKEN = "alertmanager-hook-token-It4";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void anAlertPostedToAlertmanagerReachesTheWallFiringThenResolved() throws Exception {
        Path alertmanager = ExternalProgram.require("prometheus-alertmanager", "prometheus-alertmanager");
        Path amtool = ExternalProgram.require("amtool", "prometheus-alertmanager");
        assertThat(RunningProgram.check(List.of(amtool.toString(), "check-config", SHIPPED.toString())))
                .contains("SUCCESS");

        Map<String, Object> webhooks = Map.of(
                "hooks",
                List.of(Map.of(
                        "name",
                        "alertmanager",
                        "format",
                        "alertmanager",
                        "tokenSha256",
                        WebhooksPluginIT.sha256Hex(HOOK_TOKEN))));
        try (InProcessRelay relay = InProcessRelay.start(
                        dir.resolve("data"), Map.of("webhooks", webhooks), InProcessRelay.builtPluginZip(Path.of("")));
                WsTestClient wall = WsTestClient.connect(
                        URI.create(relay.baseUrl().replaceFirst("^http", "ws") + "/ws"), InProcessRelay.ADMIN)) {
            wall.next("welcome");
            wall.send(Frames.subscribe("alertname=RelayItDiskAlmostFull"));
            wall.next("snapshot");

            Path config = render(relay.baseUrl() + "/hooks/alertmanager");
            assertThat(RunningProgram.check(List.of(amtool.toString(), "check-config", config.toString())))
                    .contains("SUCCESS");
            int port = RunningProgram.freeLoopbackPort();
            String api = "http://127.0.0.1:" + port;
            try (RunningProgram am = RunningProgram.start(
                    "alertmanager",
                    List.of(
                            alertmanager.toString(),
                            "--config.file=" + config,
                            "--storage.path=" + dir.resolve("am-data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--cluster.listen-address=", // empty: no gossip port, no peers; one Alertmanager on
                            // loopback
                            "--log.level=warn"))) {
                await("Alertmanager ready")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            am.assertAlive();
                            return TestHttp.status(api + "/-/ready") == 200;
                        });

                Instant start = Instant.now();
                assertThat(post(api + "/api/v2/alerts", alert(start, null))).isEqualTo(200);
                JsonNode firing = await("the firing alert reaches the wall; " + am.log())
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> alertFrame(wall, "firing"), f -> f != null);
                assertThat(firing.path("source").asText()).isEqualTo("hook:alertmanager");
                assertThat(firing.path("labels").path("instance").asText()).isEqualTo("vps-01");
                assertThat(firing.path("severity").asText()).isEqualTo("critical");
                assertThat(firing.path("annotations").path("summary").asText()).isEqualTo("Disk / is 96% full");

                // what Prometheus sends when the rule stops firing: the same labels, endsAt in the past
                assertThat(post(
                                api + "/api/v2/alerts",
                                alert(start, Instant.now().minusSeconds(1))))
                        .isEqualTo(200);
                JsonNode resolved = await("the resolved alert reaches the wall (send_resolved); " + am.log())
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> alertFrame(wall, "resolved"), f -> f != null);
                assertThat(resolved.path("fingerprint").asText())
                        .isEqualTo(firing.path("fingerprint").asText());
                assertThat(relay.alerts().get(0).path("status").asText()).isEqualTo("resolved");
            }
        }
    }

    /** The shipped config with the relay's URL, a token file, and timings short enough for a test. */
    Path render(String hookUrl) throws IOException {
        ObjectNode cfg = (ObjectNode) YAML.readTree(SHIPPED.toFile());
        ObjectNode relayRoute = (ObjectNode) cfg.path("route").path("routes").get(0);
        assertThat(relayRoute.path("receiver").asText()).isEqualTo("relay");
        relayRoute.put("group_wait", "1s").put("group_interval", "1s");
        ObjectNode hook = null;
        for (JsonNode r : cfg.path("receivers")) {
            if (r.path("name").asText().equals("relay"))
                hook = (ObjectNode) r.path("webhook_configs").get(0);
        }
        assertThat(hook)
                .as("alertmanager.yml has a receiver named relay with a webhook")
                .isNotNull();
        assertThat(hook.path("send_resolved").asBoolean()).isTrue();
        hook.put("url", hookUrl);
        Path token = Files.writeString(dir.resolve("relay-hook-token"), HOOK_TOKEN);
        ((ObjectNode) hook.path("http_config").path("authorization")).put("credentials_file", token.toString());
        Path out = dir.resolve("alertmanager.yml");
        YAML.writeValue(out.toFile(), cfg);
        return out;
    }

    static String alert(Instant startsAt, Instant endsAt) {
        ObjectNode a = JSON.createObjectNode();
        a.putObject("labels")
                .put("alertname", "RelayItDiskAlmostFull")
                .put("instance", "vps-01")
                .put("severity", "critical");
        a.putObject("annotations").put("summary", "Disk / is 96% full");
        a.put("startsAt", startsAt.toString());
        if (endsAt != null) a.put("endsAt", endsAt.toString());
        a.put("generatorURL", "http://prometheus.example/graph");
        return JSON.createArrayNode().add(a).toString();
    }

    static JsonNode alertFrame(WsTestClient wall, String status) {
        for (JsonNode f : wall.received()) {
            if (f.path("type").asText().equals("alert")
                    && f.path("alert").path("status").asText().equals(status)) {
                return f.path("alert");
            }
        }
        return null;
    }

    static int post(String url, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) System.err.println("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        return r.statusCode();
    }
}
