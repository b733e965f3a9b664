package io.alertrelay.plugins.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.plugin.api.AlertSignal;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.WebhookDelivery;
import io.alertrelay.plugin.api.WebhookFormatException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The formats against saved payloads in the senders' documented shapes. */
class FormatsTest {

    static byte[] payload(String name) throws Exception {
        try (InputStream in = FormatsTest.class.getResourceAsStream("/payloads/" + name)) {
            return in.readAllBytes();
        }
    }

    static final PluginConfig HOOK = new PluginConfig("plugins.webhooks.hooks[0]", Map.of());

    @Test
    void alertmanagerFiringAlertKeepsLabelsAnnotationsAndStartAndStaysFiring() throws Exception {
        List<AlertSignal> out = new AlertmanagerFormat().parse(delivery(payload("alertmanager-v4-firing.json"), HOOK));
        assertThat(out).hasSize(1);
        AlertSignal a = out.get(0);
        assertThat(a.labels())
                .containsEntry("alertname", "ProbeFailure")
                .containsEntry("severity", "critical")
                .hasSize(5);
        assertThat(a.annotations())
                .containsEntry("summary", "BlackBox Probe Failure: https://server.example.org")
                .containsKey("generator_url");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2023-02-06T13:08:45.828Z"));
        // Go's zero endsAt means still firing: kept for firingTimeout (24h) unless resolved first
        assertThat(a.endsAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        assertThat(a.resolved(Instant.now())).isFalse();
    }

    @Test
    void alertmanagerResolvedAlertEndsAtItsEndTime() throws Exception {
        AlertSignal a = new AlertmanagerFormat()
                .parse(delivery(payload("alertmanager-v4-resolved.json"), HOOK))
                .get(0);
        assertThat(a.endsAt()).isEqualTo(Instant.parse("2023-02-06T13:20:15.828Z"));
        assertThat(a.resolved(Instant.now())).isTrue();
    }

    @Test
    void alertmanagerRefusesOtherVersionsAndBrokenBodies() {
        assertThatThrownBy(() ->
                        new AlertmanagerFormat().parse(delivery("{\"version\":\"3\",\"alerts\":[]}".getBytes(), HOOK)))
                .isInstanceOf(WebhookFormatException.class)
                .hasMessageContaining("version \"3\"");
        assertThatThrownBy(() ->
                        new AlertmanagerFormat().parse(delivery("{\"alerts\":[{\"labels\":{}}]}".getBytes(), HOOK)))
                .hasMessageContaining("alerts[0].labels");
        assertThatThrownBy(() -> new AlertmanagerFormat().parse(delivery("{\"alerts\":".getBytes(), HOOK)))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void grafanaAlertsCarryValuesAndLinksAsAnnotations() throws Exception {
        List<AlertSignal> out = new GrafanaFormat().parse(delivery(payload("grafana-webhook.json"), HOOK));
        assertThat(out).hasSize(2);
        AlertSignal a = out.get(0);
        assertThat(a.labels()).containsEntry("alertname", "High memory usage").containsEntry("zone", "us-1");
        assertThat(a.annotations())
                .containsEntry("values", "B=44.23943737541908, C=1")
                .containsEntry("runbook_url", "https://myrunbook.com/runbook/1234")
                .containsKey("silence_url")
                .doesNotContainKey("dashboard_url");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2021-10-12T07:51:03.157076Z"));
    }

    @Test
    void genericMappingTakesLabelsSeverityAndStatusFromPointers() throws Exception {
        PluginConfig hook = new PluginConfig(
                "plugins.webhooks.hooks[2]",
                Map.of(
                        "mapping",
                        Map.of(
                                "alerts",
                                "/checks",
                                "labels",
                                Map.of("alertname", "/name", "instance", "/host/id"),
                                "staticLabels",
                                Map.of("source", "ci"),
                                "annotations",
                                Map.of("summary", "/message"),
                                "severity",
                                "/level",
                                "status",
                                "/state")));
        String body =
                "{\"checks\":[{\"name\":\"Build\",\"host\":{\"id\":\"ci-1\"},\"level\":\"CRITICAL\",\"state\":\"failing\","
                        + "\"message\":\"main is"
                        + " red\"},{\"name\":\"Deploy\",\"host\":{\"id\":\"ci-2\"},\"state\":\"passed\"}]}";
        List<AlertSignal> out = new GenericJsonFormat().parse(delivery(body.getBytes(StandardCharsets.UTF_8), hook));
        assertThat(out.get(0).labels())
                .containsEntry("alertname", "Build")
                .containsEntry("instance", "ci-1")
                .containsEntry("severity", "critical")
                .containsEntry("source", "ci");
        assertThat(out.get(0).annotations()).containsEntry("summary", "main is red");
        assertThat(out.get(0).endsAt()).isNull();
        assertThat(out.get(1).resolved(Instant.now().plusSeconds(1))).isTrue();
    }

    @Test
    void genericMappingNamesTheMissingPointer() {
        PluginConfig hook = new PluginConfig("h", Map.of("mapping", Map.of("labels", Map.of("alertname", "/name"))));
        assertThatThrownBy(() -> new GenericJsonFormat().parse(delivery("{\"title\":\"x\"}".getBytes(), hook)))
                .hasMessageContaining("/name (label alertname) is missing");
    }

    @Test
    void genericMappingIsCheckedBeforeAnyDelivery() {
        GenericJsonFormat f = new GenericJsonFormat();
        assertThatThrownBy(() -> f.validate(new PluginConfig("hooks[0].options", Map.of())))
                .hasMessageContaining("hooks[0].options.mapping.labels: map at least one label");
        assertThatThrownBy(() -> f.validate(new PluginConfig(
                        "hooks[0].options", Map.of("mapping", Map.of("labels", Map.of("alertname", "name"))))))
                .hasMessageContaining("\"name\" is not a JSON Pointer");
        assertThatThrownBy(() -> f.validate(new PluginConfig(
                        "o", Map.of("mapping", Map.of("labels", Map.of("a", "/a"), "lables", Map.of())))))
                .hasMessageContaining("o.mapping.lables: unknown mapping key");
        f.validate(new PluginConfig("o", Map.of("mapping", Map.of("labels", Map.of("alertname", "/name")))));
    }

    @Test
    void firingTimeoutIsAnOptionCheckedAtStartAndTimedOnTheRelaysClock() throws Exception {
        Instant t = Instant.parse("2026-12-03T10:00:00Z");
        PluginConfig options = new PluginConfig("hooks[0].options", Map.of("firingTimeout", "2h"));
        new AlertmanagerFormat().validate(options);
        WebhookDelivery d = new WebhookDelivery(
                "am",
                payload("alertmanager-v4-firing.json"),
                options,
                options,
                Clock.fixed(t, java.time.ZoneOffset.UTC));
        assertThat(new AlertmanagerFormat().parse(d).get(0).endsAt()).isEqualTo(t.plus(Duration.ofHours(2)));
        assertThatThrownBy(() -> new GrafanaFormat()
                        .validate(new PluginConfig("hooks[1].options", Map.of("firingTimout", "2h"))))
                .hasMessageContaining("hooks[1].options.firingTimout: unknown option");
        assertThatThrownBy(() -> new GrafanaFormat()
                        .validate(new PluginConfig("hooks[1].options", Map.of("firingTimeout", "soon"))))
                .hasMessageContaining("hooks[1].options.firingTimeout");
    }

    static WebhookDelivery delivery(byte[] body, PluginConfig options) {
        return new WebhookDelivery("h", body, options, options, Clock.systemUTC());
    }
}
