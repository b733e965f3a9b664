package io.alertrelay.http;

import static io.alertrelay.testing.AmOpenApi.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.config.InhibitRuleConfig;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alertmanager's API v2 read side, every answer validated against Alertmanager's own OpenAPI document: status,
 * receivers, alerts with their states and query parameters, groups, and refusals as bare JSON strings.
 */
class AmV2AlertsTest {

    static final InhibitRuleConfig HOST_DOWN = new InhibitRuleConfig(
            List.of("alertname=\"HostDown\""), List.of("severity=~\"warning|info\""), List.of("instance"));

    @TempDir
    Path dataDir;

    TestRelay relay;

    @BeforeEach
    void start() {
        relay = TestRelay.start(
                dataDir, t -> t.config = c -> c.withAlerts(c.alerts().withInhibitRules(List.of(HOST_DOWN))));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    HttpResponse<String> get(String pathAndQuery, String token) {
        return relay.http("GET", "/api/v2" + pathAndQuery, token, null);
    }

    static String q(String matcher) {
        return URLEncoder.encode(matcher, StandardCharsets.UTF_8);
    }

    /** HostDown on vps-01 inhibits DiskFull there; CpuHigh on vps-02 is silenced; names of what the query answers. */
    String threeAlerts() {
        relay.push(Frames.alert("HostDown", "instance", "vps-01", "severity", "critical"));
        relay.push(Frames.alert("DiskFull", "instance", "vps-01", "severity", "warning"));
        relay.push(Frames.alert("CpuHigh", "instance", "vps-02", "severity", "warning"));
        HttpResponse<String> s = relay.http(
                "POST",
                "/api/v2/silences",
                TestRelay.OPERATOR,
                "{\"matchers\":[{\"name\":\"alertname\",\"value\":\"CpuHigh\",\"isRegex\":false}],"
                        + "\"startsAt\":\"2020-01-01T00:00:00Z\",\"endsAt\":\"2099-01-01T00:00:00Z\","
                        + "\"createdBy\":\"ops\",\"comment\":\"known\"}");
        return assertValid("POST", "/silences", s).path("silenceID").asText();
    }

    static List<String> names(JsonNode alerts) {
        List<String> out = new ArrayList<>();
        alerts.forEach(a -> out.add(a.path("labels").path("alertname").asText()));
        return out;
    }

    JsonNode alerts(String query) {
        return assertValid("GET", "/alerts", get("/alerts" + query, TestRelay.VIEWER));
    }

    @Test
    void statusIsReadyForAnyTokenAndCarriesTheInhibitionRulesAsAlertmanagerYaml() {
        JsonNode status = assertValid("GET", "/status", get("/status", TestRelay.INGEST));
        assertThat(status.path("cluster").path("status").asText()).isEqualTo("ready");
        assertThat(status.path("versionInfo").path("version").asText()).isNotEmpty();
        String yaml = status.path("config").path("original").asText();
        assertThat(yaml)
                .contains("inhibit_rules:", "alertname=\\\"HostDown\\\"", "equal:", "- \"instance\"", "receiver:");
        JsonNode receivers = assertValid("GET", "/receivers", get("/receivers", TestRelay.VIEWER));
        assertThat(receivers.get(0).path("name").asText()).isEqualTo("alert-relay");
        assertThat(get("/status", null).statusCode()).isEqualTo(401);
    }

    @Test
    void alertsCarryAlertmanagersStatesFingerprintsAndReceivers() {
        String silence = threeAlerts();
        JsonNode all = alerts("");
        assertThat(names(all)).containsExactlyInAnyOrder("HostDown", "DiskFull", "CpuHigh");
        List<String> fps = new ArrayList<>();
        all.forEach(a -> fps.add(a.path("fingerprint").asText()));
        assertThat(fps).isSorted();
        JsonNode rest = RestApiTest.json(relay.http("GET", "/api/alerts", TestRelay.VIEWER, null));
        for (JsonNode a : all) {
            String name = a.path("labels").path("alertname").asText();
            JsonNode same = find(rest, name);
            assertThat(a.path("fingerprint").asText())
                    .isEqualTo(same.path("fingerprint").asText());
            assertThat(a.path("endsAt").asText())
                    .isEqualTo(same.path("expiresAt").asText());
            assertThat(a.path("receivers").get(0).path("name").asText()).isEqualTo("alert-relay");
        }
        String hostDown = find(all, "HostDown").path("fingerprint").asText();
        assertThat(find(all, "HostDown").path("status").path("state").asText()).isEqualTo("active");
        JsonNode disk = find(all, "DiskFull").path("status");
        assertThat(disk.path("state").asText()).isEqualTo("suppressed");
        assertThat(disk.path("inhibitedBy").get(0).asText()).isEqualTo(hostDown);
        JsonNode cpu = find(all, "CpuHigh").path("status");
        assertThat(cpu.path("state").asText()).isEqualTo("suppressed");
        assertThat(cpu.path("silencedBy").get(0).asText()).isEqualTo(silence);
    }

    @Test
    void queryParametersSelectAsAlertmanagersDo() {
        threeAlerts();
        assertThat(names(alerts("?inhibited=false"))).containsExactlyInAnyOrder("HostDown", "CpuHigh");
        assertThat(names(alerts("?silenced=false"))).containsExactlyInAnyOrder("HostDown", "DiskFull");
        assertThat(names(alerts("?active=false"))).containsExactlyInAnyOrder("DiskFull", "CpuHigh");
        assertThat(names(alerts("?active=false&silenced=false&inhibited=false&unprocessed=false")))
                .isEmpty();
        assertThat(names(alerts("?filter=" + q("instance=\"vps-01\"") + "&filter=" + q("alertname=~Disk.*"))))
                .containsExactly("DiskFull");
        assertThat(names(alerts("?filter=" + q("severity!=warning")))).containsExactly("HostDown");
        assertThat(names(alerts("?receiver=" + q("alert-.*")))).hasSize(3);
        assertThat(names(alerts("?receiver=email"))).isEmpty();
        // a resolved alert is no longer Alertmanager's business
        relay.push("[{\"labels\":{\"alertname\":\"CpuHigh\",\"instance\":\"vps-02\",\"severity\":\"warning\"},"
                + "\"endsAt\":\"2020-01-01T00:00:00Z\"}]");
        assertThat(names(alerts(""))).containsExactlyInAnyOrder("HostDown", "DiskFull");
    }

    @Test
    void groupsFollowAlertsGroupBy() {
        threeAlerts();
        relay.push(Frames.alert("DiskFull", "instance", "vps-03", "severity", "warning"));
        JsonNode groups = assertValid("GET", "/alerts/groups", get("/alerts/groups", TestRelay.VIEWER));
        List<String> labels = new ArrayList<>();
        groups.forEach(
                g -> labels.add(g.path("labels").toString() + g.path("alerts").size()));
        assertThat(labels)
                .containsExactly(
                        "{\"alertname\":\"CpuHigh\"}1",
                        "{\"alertname\":\"DiskFull\"}2",
                        "{\"alertname\":\"HostDown\"}1");
        JsonNode unsilenced =
                assertValid("GET", "/alerts/groups", get("/alerts/groups?silenced=false", TestRelay.VIEWER));
        assertThat(unsilenced).hasSize(2);
    }

    @Test
    void groupByFromTheConfig() {
        relay.close();
        relay = TestRelay.start(
                dataDir,
                t -> t.config = c -> c.withAlerts(new io.alertrelay.config.AlertsConfig(
                        c.alerts().resolveTimeout(),
                        c.alerts().resolvedRetention(),
                        c.alerts().expiredSilenceRetention(),
                        List.of(),
                        List.of("instance"))));
        threeAlerts();
        JsonNode groups = assertValid("GET", "/alerts/groups", get("/alerts/groups", TestRelay.VIEWER));
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).path("labels").toString()).isEqualTo("{\"instance\":\"vps-01\"}");
        assertThat(groups.get(0).path("alerts")).hasSize(2);
        String yaml = assertValid("GET", "/status", get("/status", TestRelay.VIEWER))
                .path("config")
                .path("original")
                .asText();
        assertThat(yaml).contains("group_by:\n  - \"instance\"");
    }

    @Test
    void badQueriesAre400WithTheMessageAsAJsonString() {
        for (String query : List.of(
                "?filter=" + q("not a matcher"),
                "?active=maybe",
                "?receiver=" + q("(unclosed"),
                "?filter=" + q("a=~" + "x{1000}".repeat(3)),
                IntStream.range(0, 33)
                        .mapToObj(i -> "filter=a" + i + "%3Dx")
                        .collect(Collectors.joining("&", "?", "")))) {
            HttpResponse<String> r = get("/alerts" + query, TestRelay.VIEWER);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(assertValid("GET", "/alerts", r).asText()).isNotBlank();
            HttpResponse<String> g = get("/alerts/groups" + query, TestRelay.VIEWER);
            assertThat(assertValid("GET", "/alerts/groups", g).isTextual()).isTrue();
        }
    }

    @Test
    void rolesAreTheRelaysOwn() {
        threeAlerts();
        HttpResponse<String> ingest = get("/alerts", TestRelay.INGEST);
        assertThat(ingest.statusCode()).isEqualTo(403);
        assertThat(RestApiTest.json(ingest).path("error").asText()).isEqualTo("forbidden");
        assertThat(get("/alerts", null).statusCode()).isEqualTo(401);
        assertThat(get("/silences", TestRelay.INGEST).statusCode()).isEqualTo(403);
        assertThat(get("/alerts", TestRelay.ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void amtoolsZeroTimesAndEmptyLabelsFollowAlertmanagersRules() {
        relay.push("[{\"labels\":{\"alertname\":\"Manual\",\"team\":\"\"},\"annotations\":{},"
                + "\"startsAt\":\"0001-01-01T00:00:00.000Z\",\"endsAt\":\"0001-01-01T00:00:00.000Z\"}]");
        JsonNode a = find(alerts(""), "Manual");
        // no team label (empty is none), started now, ending after alerts.resolveTimeout unless sent again
        assertThat(a.path("labels").size()).isEqualTo(1);
        assertThat(a.path("startsAt").asText()).doesNotStartWith("0001");
        assertThat(java.time.Instant.parse(a.path("endsAt").asText()))
                .isAfter(java.time.Instant.now().plusSeconds(200));
    }

    static JsonNode find(JsonNode alerts, String name) {
        for (JsonNode a : alerts) {
            if (a.path("labels").path("alertname").asText().equals(name)) return a;
        }
        throw new AssertionError("no " + name + " in " + alerts);
    }
}
