package io.alertrelay.plugins.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.plugin.devkit.InProcessRelay;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built webhooks zip in a real relay: /hooks/{name} with each way of authenticating. */
class WebhooksPluginIT {

    static final String HOOK_TOKEN = "am-hook-token";
    static final String HMAC_SECRET = "github-shared-secret";
    static final byte[] STANDARD_KEY = "standard-webhooks-key-32-bytes!!".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataDir;

    InProcessRelay relay;

    @BeforeEach
    void start() throws Exception {
        Map<String, Object> webhooks = Map.of(
                "hooks",
                List.of(
                        Map.of("name", "alertmanager", "format", "alertmanager", "tokenSha256", sha256Hex(HOOK_TOKEN)),
                        Map.of("name", "grafana", "format", "grafana", "hmacSecretEnv", "GRAFANA_HOOK_SECRET"),
                        Map.of(
                                "name",
                                "ci",
                                "format",
                                "generic",
                                "standardWebhooksSecretEnv",
                                "CI_HOOK_SECRET",
                                "mapping",
                                Map.of("labels", Map.of("alertname", "/check"), "status", "/state"))));
        relay = InProcessRelay.start(
                dataDir,
                Map.of("webhooks", webhooks),
                Map.of(
                        "GRAFANA_HOOK_SECRET",
                        HMAC_SECRET,
                        "CI_HOOK_SECRET",
                        "whsec_" + Base64.getEncoder().encodeToString(STANDARD_KEY)),
                InProcessRelay.builtPluginZip(Path.of("")));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void alertmanagerFiringThenResolvedWithABearerToken() throws Exception {
        assertThat(relay.plugin("webhooks").path("formats").toString()).contains("alertmanager", "grafana", "generic");
        HttpResponse<String> r =
                relay.request("POST", "/hooks/alertmanager", HOOK_TOKEN, payload("alertmanager-v4-firing.json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode alert = relay.alerts().get(0);
        assertThat(alert.path("status").asText()).isEqualTo("firing");
        assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("ProbeFailure");
        assertThat(alert.path("source").asText()).isEqualTo("hook:alertmanager");

        relay.request("POST", "/hooks/alertmanager", HOOK_TOKEN, payload("alertmanager-v4-resolved.json"));
        assertThat(relay.alerts().get(0).path("status").asText()).isEqualTo("resolved");
        assertThat(relay.request("POST", "/hooks/alertmanager", "wrong", payload("alertmanager-v4-firing.json"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(relay.request("POST", "/hooks/alertmanager", (String) null, "{}")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void grafanaWithAGithubStyleHmacSignature() throws Exception {
        String body = payload("grafana-webhook.json");
        String sig = "sha256=" + HexFormat.of().formatHex(hmac(HMAC_SECRET.getBytes(StandardCharsets.UTF_8), body));
        HttpResponse<String> ok = relay.request("POST", "/hooks/grafana", Map.of("X-Hub-Signature-256", sig), body);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(relay.alerts()).hasSize(2);
        HttpResponse<String> tampered = relay.request(
                "POST", "/hooks/grafana", Map.of("X-Hub-Signature-256", sig), body.replace("us-1", "us-2"));
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(tampered.body()).contains("does not match the body");
    }

    @Test
    void genericWithStandardWebhooksSignatureRefusesReplaysAndStaleTimestamps() throws Exception {
        String body = "{\"check\":\"NightlyBackup\",\"state\":\"failed\"}";
        Map<String, String> headers = standardHeaders("msg_1", Instant.now(), body);
        assertThat(relay.request("POST", "/hooks/ci", headers, body).statusCode())
                .isEqualTo(200);
        HttpResponse<String> replay = relay.request("POST", "/hooks/ci", headers, body);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("replay");
        HttpResponse<String> stale = relay.request(
                "POST", "/hooks/ci", standardHeaders("msg_2", Instant.now().minusSeconds(600), body), body);
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.body()).contains("minutes");
        assertThat(relay.alerts().get(0).path("labels").path("alertname").asText())
                .isEqualTo("NightlyBackup");
    }

    @Test
    void unknownHooksAndBadBodiesGetJsonErrors() throws Exception {
        assertThat(relay.request("POST", "/hooks/nope", HOOK_TOKEN, "{}").statusCode())
                .isEqualTo(404);
        HttpResponse<String> bad = relay.request("POST", "/hooks/alertmanager", HOOK_TOKEN, "{\"alerts\": 5}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(bad.body()).path("message").asText())
                .contains("\"alerts\" must be an array");
    }

    private Map<String, String> standardHeaders(String id, Instant at, String body) throws Exception {
        String ts = Long.toString(at.getEpochSecond());
        byte[] sig = hmac(STANDARD_KEY, id + "." + ts + "." + body);
        return Map.of(
                "webhook-id",
                id,
                "webhook-timestamp",
                ts,
                "webhook-signature",
                "v1," + Base64.getEncoder().encodeToString(sig));
    }

    static String payload(String name) throws Exception {
        return new String(FormatsTest.payload(name), StandardCharsets.UTF_8);
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
