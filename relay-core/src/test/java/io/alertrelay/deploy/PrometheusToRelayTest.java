package io.alertrelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.alertrelay.testing.ExternalProgram;
import io.alertrelay.testing.RunningProgram;
import io.alertrelay.testing.TestHttp;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus with deploy/prometheus/prometheus.yml (its commented "relay as Alertmanager" block
 * uncommented, targets and token file rendered for this test) and the shipped rules, plus a rule that always
 * fires: Prometheus scrapes the relay ({@code up == 1}), evaluates every shipped rule without error, and sends the
 * firing alert to the relay's /api/v2/alerts with the ingest token, where a WebSocket client receives it.
 */
class PrometheusToRelayTest {

    static final Path DIR = Path.of("..", "deploy", "prometheus");
    static final Pattern EXAMPLE =
            Pattern.compile("(?s)# BEGIN relay as Alertmanager\n(.*?)# END relay as Alertmanager");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ALWAYS_FIRING = """
            groups:
              - name: test-always-firing
                rules:
                  - alert: RelayTestAlwaysFiring
                    expr: vector(1)
                    for: 0s
                    labels: {severity: info}
                    annotations: {summary: "Prometheus evaluated a rule that always fires"}
            """;

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheRelayAndSendsItsAlertsToItAsItsAlertmanager() throws Exception {
        Path prometheus = ExternalProgram.require("prometheus", "prometheus");
        Path promtool = ExternalProgram.require("promtool", "prometheus");
        try (TestRelay relay = TestRelay.start(dir.resolve("data"))) {
            WsTestClient wall = relay.subscribed(TestRelay.VIEWER, "alertname=RelayTestAlwaysFiring");
            Path config = render(relay.relay.port());
            // the uncommented example is a valid config too, not only the shipped default
            assertThat(RunningProgram.check(List.of(promtool.toString(), "check", "config", config.toString())))
                    .contains("SUCCESS: 2 rule files found");

            int port = RunningProgram.freeLoopbackPort();
            String api = "http://127.0.0.1:" + port;
            try (RunningProgram p = RunningProgram.start(
                    "prometheus",
                    List.of(
                            prometheus.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("tsdb"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--log.level=warn",
                            // an alert that fires before Prometheus has found its Alertmanager (its discovery reports
                            // every
                            // 5 s) is dropped and sent again only after this delay, 1m by default
                            "--rules.alert.resend-delay=1s"))) {
                await("Prometheus ready")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            p.assertAlive();
                            return TestHttp.status(api + "/-/ready") == 200;
                        });

                JsonNode alert = await("the always-firing alert reaches the wall; " + p.log())
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> firing(wall), a -> a != null);
                assertThat(alert.path("labels").path("severity").asText()).isEqualTo("info");
                assertThat(alert.path("annotations").path("summary").asText()).contains("always fires");

                // the scrape config in action: Prometheus reached /metrics
                await("up{job=\"alert-relay\"} == 1; " + p.log())
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> query(api, "up{job=\"alert-relay\"}"), v -> v.equals(List.of("1")));
                assertThat(query(api, "relay_journal_max_entries")).containsExactly("100000");
                // every shipped rule loads and evaluates in a real Prometheus; none of them fires on a healthy relay
                await("shipped rules evaluated")
                        .atMost(Duration.ofSeconds(30))
                        .until(
                                () -> ruleHealth(api),
                                h -> h.size() == 8 && h.stream().allMatch(s -> s.equals("ok/inactive")));
            }
        }
    }

    /** Writes prometheus.yml with the relay-as-Alertmanager block uncommented, aimed at the test relay. */
    Path render(int relayPort) throws IOException {
        String shipped = Files.readString(DIR.resolve("prometheus.yml"));
        Matcher m = EXAMPLE.matcher(shipped);
        assertThat(m.find())
                .as("prometheus.yml keeps its commented relay-as-Alertmanager example")
                .isTrue();
        String uncommented = m.group(1).replaceAll("(?m)^# ?", "");
        ObjectNode cfg = (ObjectNode) YAML.readTree(shipped);
        cfg.set("alerting", YAML.readTree(uncommented).path("alerting"));

        String target = "127.0.0.1:" + relayPort;
        // fast enough for a test: a scrape and an evaluation every second
        ((ObjectNode) cfg.path("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
        ObjectNode scrape = (ObjectNode) cfg.path("scrape_configs").get(0);
        assertThat(scrape.path("job_name").asText()).isEqualTo("alert-relay");
        ((ArrayNode) scrape.path("static_configs").get(0).path("targets"))
                .removeAll()
                .add(target);
        ObjectNode am = (ObjectNode) cfg.path("alerting").path("alertmanagers").get(0);
        ((ArrayNode) am.path("static_configs").get(0).path("targets"))
                .removeAll()
                .add(target);
        Path tokenFile = Files.writeString(dir.resolve("relay-ingest-token"), TestRelay.INGEST);
        ((ObjectNode) am.path("authorization")).put("credentials_file", tokenFile.toString());

        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.copy(DIR.resolve("rules/alert-relay.yml"), rules.resolve("alert-relay.yml"));
        Files.writeString(rules.resolve("always-firing.yml"), ALWAYS_FIRING);
        Path out = dir.resolve("prometheus.yml");
        YAML.writeValue(out.toFile(), cfg);
        return out;
    }

    static JsonNode firing(WsTestClient wall) {
        for (JsonNode f : wall.received()) {
            JsonNode a = f.path("alert");
            if (f.path("type").asText().equals("alert")
                    && a.path("status").asText().equals("firing")
                    && a.path("labels").path("alertname").asText().equals("RelayTestAlwaysFiring")) return a;
        }
        return null;
    }

    /** The values of an instant query's result, as Prometheus prints them. */
    static List<String> query(String api, String promql) throws Exception {
        JsonNode r = get(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        List<String> values = new ArrayList<>();
        for (JsonNode s : r.path("data").path("result"))
            values.add(s.path("value").get(1).asText());
        return values;
    }

    /** "health/state" of each rule of the shipped group. */
    static List<String> ruleHealth(String api) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode g : get(api + "/api/v1/rules").path("data").path("groups")) {
            if (!g.path("name").asText().equals("alert-relay")) continue;
            for (JsonNode r : g.path("rules"))
                out.add(r.path("health").asText() + "/" + r.path("state").asText());
        }
        return out;
    }

    static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}
