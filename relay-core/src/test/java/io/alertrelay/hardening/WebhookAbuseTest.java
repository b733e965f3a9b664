package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.auth.Tokens;
import io.alertrelay.config.PluginsConfig;
import io.alertrelay.hardening.fixtures.LinesFormat;
import io.alertrelay.plugin.TestPluginJar;
import io.alertrelay.testing.TestRelay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks with replayed and stale signatures, wrong HMACs and tokens, and bodies over the limit: each refused
 * (401, 413), nothing of them stored, while good deliveries to the same hooks and the bystanders go through.
 */
@ExtendWith(BadInputTally.class)
class WebhookAbuseTest extends BystandedTest {

    static final String GH_SECRET = "github-shared-secret";
    static final byte[] STD_KEY = "standard-webhooks-key-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    static final String HOOK_TOKEN = "bearer-hook-token";
    static final int LIMIT = 64 * 1024;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    int good;

    @BeforeEach
    void start() throws Exception {
        TestPluginJar.write(dataDir.resolve("plugins"), "test-formats", ">=1.0.0 & <2.0.0", LinesFormat.class);
        Map<String, Object> webhooks = Map.of(
                "hooks",
                List.of(
                        Map.of(
                                "name",
                                "gh",
                                "format",
                                "lines",
                                "hmacSecretEnv",
                                "GH_SECRET",
                                "requestsPerSecond",
                                10_000),
                        Map.of(
                                "name",
                                "std",
                                "format",
                                "lines",
                                "standardWebhooksSecretEnv",
                                "STD_SECRET",
                                "requestsPerSecond",
                                10_000),
                        Map.of(
                                "name",
                                "bearer",
                                "format",
                                "lines",
                                "tokenSha256",
                                Tokens.sha256Hex(HOOK_TOKEN),
                                "requestsPerSecond",
                                10_000)));
        serve(t -> {
            t.maxWebhookBytes = LIMIT;
            t.env = Map.of(
                    "GH_SECRET",
                    GH_SECRET,
                    "STD_SECRET",
                    "whsec_" + Base64.getEncoder().encodeToString(STD_KEY));
            t.config = c -> c.withPlugins(
                    new PluginsConfig(null, Map.of("webhooks", new ObjectMapper().valueToTree(webhooks))));
        });
    }

    @Test
    void replayedAndStaleStandardWebhooksAreRefused401() throws Exception {
        int replays = 0;
        for (int i = 0; i < 40; i++) {
            String body = goodBody();
            Map<String, String> h =
                    standard("msg_" + i, Long.toString(Instant.now().getEpochSecond()), body);
            assertThat(post("std", h, body).statusCode()).isEqualTo(200);
            good++;
            for (int r = 0; r < 3; r++) {
                HttpResponse<String> replay = post("std", h, body);
                assertThat(replay.statusCode()).isEqualTo(401);
                assertThat(replay.body()).contains("replay");
                replays++;
            }
            // the same delivery id, freshly signed: still a replay
            assertThat(post(
                                    "std",
                                    standard(
                                            "msg_" + i,
                                            Long.toString(Instant.now().getEpochSecond()),
                                            body),
                                    body)
                            .statusCode())
                    .isEqualTo(401);
            replays++;
        }
        BadInputTally.sent("hooks: replayed Standard Webhooks deliveries", "401 unauthorized (replay)", replays);

        long now = Instant.now().getEpochSecond();
        List<String> stale = new ArrayList<>();
        for (long off : new long[] {-301, -600, -3_600, -86_400, -31_536_000, 330, 3_600, 315_360_000})
            stale.add(Long.toString(now + off));
        stale.addAll(List.of(
                "0",
                "-1",
                "1e10",
                "12.5",
                "",
                "abc",
                "99999999999999999999",
                "9223372036854775807",
                "-9223372036854775808",
                "31556889864403199",
                "-31557014167219200",
                "0x6553f100"));
        int n = 0;
        for (String ts : stale) {
            String body = "alertname=Stale\nn=" + n;
            HttpResponse<String> r = post("std", standard("stale_" + n++, ts, body), body);
            assertThat(r.statusCode()).as("timestamp '%s': %s", ts, r.body()).isEqualTo(401);
        }
        BadInputTally.sent("hooks: stale or unreadable webhook-timestamp", "401 unauthorized", stale.size());
        assertThat(relay.relay.pipeline().alerts())
                .noneMatch(a -> a.labels().get("alertname").equals("Stale"));
        proveGoodDeliveriesStored();
    }

    @Test
    void replayedGithubDeliveriesAreRefused401() throws Exception {
        int replays = 0;
        for (int i = 0; i < 20; i++) {
            String body = goodBody();
            Map<String, String> h = github("delivery-" + i, body);
            assertThat(post("gh", h, body).statusCode()).isEqualTo(200);
            good++;
            for (int r = 0; r < 3; r++) {
                HttpResponse<String> replay = post("gh", h, body);
                assertThat(replay.statusCode()).isEqualTo(401);
                assertThat(replay.body()).contains("replay");
                replays++;
            }
        }
        BadInputTally.sent(
                "hooks: replayed GitHub-style deliveries (same X-GitHub-Delivery)",
                "401 unauthorized (replay)",
                replays);
        // a delivery that was not stored is forgotten: the sender's retry with the same id is taken
        String bad = "not a name=value line\n=";
        Map<String, String> first = github("delivery-retried", bad);
        assertThat(post("gh", first, bad).statusCode()).isEqualTo(400);
        String fixed = goodBody();
        assertThat(post("gh", github("delivery-retried", fixed), fixed).statusCode())
                .isEqualTo(200);
        good++;
        proveGoodDeliveriesStored();
    }

    private static Map<String, String> github(String delivery, String body) throws Exception {
        return Map.of(
                "X-GitHub-Delivery",
                delivery,
                "X-Hub-Signature-256",
                "sha256=" + hex(hmac(GH_SECRET.getBytes(StandardCharsets.UTF_8), body)));
    }

    @Test
    void wrongSignaturesAndTokensAreRefused401() throws Exception {
        String body = "alertname=Forged";
        String right = hex(hmac(GH_SECRET.getBytes(StandardCharsets.UTF_8), body));
        List<String> githubStyle = List.of(
                "sha256=" + hex(hmac("wrong-secret".getBytes(StandardCharsets.UTF_8), body)),
                "sha256=" + hex(hmac(GH_SECRET.getBytes(StandardCharsets.UTF_8), body + "\n")),
                "sha256=" + right.substring(0, 63),
                "sha256=" + right.substring(1) + "0",
                "sha256=" + "zz".repeat(32),
                "sha256=",
                "sha1=" + right,
                right,
                "sha256=" + right + "00",
                "sha256=" + "0".repeat(64),
                "sha256= " + "g".repeat(64));
        int wrong = 0;
        for (String sig : githubStyle) {
            assertThat(post("gh", Map.of("X-Hub-Signature-256", sig), body).statusCode())
                    .as(sig)
                    .isEqualTo(401);
            wrong++;
        }
        assertThat(post("gh", Map.of(), body).statusCode()).isEqualTo(401);
        wrong++;
        String ts = Long.toString(Instant.now().getEpochSecond());
        String sig = Base64.getEncoder().encodeToString(hmac(STD_KEY, "w1." + ts + "." + body));
        List<String> standardSigs = List.of(
                "v1,"
                        + Base64.getEncoder()
                                .encodeToString(
                                        hmac("other-key".getBytes(StandardCharsets.UTF_8), "w1." + ts + "." + body)),
                "v2," + sig,
                "v1," + sig.substring(4),
                "v1,!!!not-base64!!!",
                "v1,",
                "",
                "v1 " + sig,
                "v1," + Base64.getEncoder().encodeToString(hmac(STD_KEY, "w2." + ts + "." + body)));
        for (String s : standardSigs) {
            Map<String, String> h = Map.of("webhook-id", "w1", "webhook-timestamp", ts, "webhook-signature", s);
            assertThat(post("std", h, body).statusCode()).as(s).isEqualTo(401);
            wrong++;
        }
        BadInputTally.sent("hooks: wrong HMAC signatures", "401 unauthorized", wrong);
        List<String> tokens = RolesAndTokensTest.forgedTokens().stream()
                .filter(t -> t.chars().allMatch(c -> c > 32 && c < 127))
                .toList();
        for (String t : tokens)
            assertThat(post("bearer", Map.of("Authorization", "Bearer " + t), body)
                            .statusCode())
                    .isEqualTo(401);
        for (String t : List.of(TestRelay.ADMIN, TestRelay.INGEST, Tokens.sha256Hex(HOOK_TOKEN), HOOK_TOKEN + " x")) {
            assertThat(post("bearer", Map.of("Authorization", "Bearer " + t), body)
                            .statusCode())
                    .isEqualTo(401);
        }
        BadInputTally.sent("hooks: forged bearer tokens (relay tokens too)", "401 unauthorized", tokens.size() + 4);
        assertThat(relay.relay.pipeline().alerts())
                .noneMatch(a -> a.labels().get("alertname").equals("Forged"));
        proveGoodDeliveriesStored();
    }

    @Test
    void webhookBodiesOverTheLimitAreRefused413BeforeTheSignatureIsChecked() throws Exception {
        int sent = 0;
        // headers that pass the checks made before the body: a token, or well-formed (if wrong) signature headers
        Map<String, String> headers = Map.of(
                "Authorization",
                "Bearer " + HOOK_TOKEN,
                "X-Hub-Signature-256",
                "sha256=" + "0".repeat(64),
                "webhook-id",
                "msg_huge",
                "webhook-timestamp",
                Long.toString(Instant.now().getEpochSecond()),
                "webhook-signature",
                "v1," + Base64.getEncoder().encodeToString(new byte[32]));
        for (String hook : List.of("gh", "std", "bearer", "nope")) {
            for (int size : new int[] {LIMIT + 1, 1_000_000, 3_000_000}) {
                byte[] body = ("alertname=Huge\n" + "x=y\n".repeat(size / 4 + 1)).getBytes(StandardCharsets.UTF_8);
                for (boolean chunked : new boolean[] {false, true}) {
                    String status = RawHttp.post(relay.relay.port(), "/hooks/" + hook, headers, body, chunked);
                    assertThat(status)
                            .as("%s, %d bytes, chunked %s", hook, body.length, chunked)
                            .startsWith(hook.equals("nope") ? "HTTP/1.1 404" : "HTTP/1.1 413");
                    sent++;
                }
            }
            post("bearer", Map.of("Authorization", "Bearer " + HOOK_TOKEN), goodBody());
            good++;
        }
        BadInputTally.sent("hooks: bodies over the limit (64 KiB here)", "413 too-large (404 for no such hook)", sent);
        // without them, the body is not even looked at
        byte[] huge = "x=y\n".repeat(LIMIT).getBytes(StandardCharsets.UTF_8);
        assertThat(RawHttp.post(relay.relay.port(), "/hooks/gh", Map.of(), huge, true))
                .startsWith("HTTP/1.1 401");
        assertThat(relay.relay.pipeline().alerts())
                .noneMatch(a -> a.labels().get("alertname").equals("Huge"));
        proveGoodDeliveriesStored();
    }

    private void proveGoodDeliveriesStored() {
        assertThat(relay.relay.pipeline().alerts().stream()
                        .filter(a -> a.labels().get("alertname").equals("HookGood")))
                .hasSize(good);
        bystanders.proveNothingLost();
    }

    private String goodBody() {
        return "alertname=HookGood\nn=" + good;
    }

    private HttpResponse<String> post(String hook, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(relay.base() + "/hooks/" + hook))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> standard(String id, String ts, String body) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("webhook-id", id);
        h.put("webhook-timestamp", ts);
        h.put(
                "webhook-signature",
                "v1," + Base64.getEncoder().encodeToString(hmac(STD_KEY, id + "." + ts.trim() + "." + body)));
        return h;
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
