package io.alertrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.plugin.api.PluginConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays: a Standard Webhooks delivery whose webhook-id was seen, and a GitHub-style one whose X-GitHub-Delivery
 * was seen, are refused; a delivery that passed the checks and was not stored (the store was full) is forgotten,
 * so the sender's retry with the same id is taken. And what the header-only precheck refuses before the body.
 */
class HookAuthReplayTest {

    static final byte[] SECRET = "whsec-test-secret".getBytes(StandardCharsets.UTF_8);
    static final HookConfig HOOK = new HookConfig(
            "ci", "generic", null, null, SECRET, 10, new PluginConfig("plugins.webhooks.hooks[0]", Map.of()));
    static final HookConfig GITHUB = new HookConfig(
            "gh", "generic", null, SECRET, null, 10, new PluginConfig("plugins.webhooks.hooks[1]", Map.of()));
    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    final HookAuth auth = new HookAuth(
            new ReplayGuard(Duration.ofMinutes(10), 1000), new ReplayGuard(HookAuth.DELIVERY_ID_MEMORY, 1000));

    static Map<String, String> signed(String id, byte[] body) {
        String ts = Long.toString(NOW.getEpochSecond());
        byte[] sig = HookAuth.hmacSha256(SECRET, (id + "." + ts + ".").getBytes(StandardCharsets.UTF_8), body);
        return Map.of(
                "webhook-id",
                id,
                "webhook-timestamp",
                ts,
                "webhook-signature",
                "v1," + Base64.getEncoder().encodeToString(sig));
    }

    static Map<String, String> github(String delivery, byte[] body) {
        Map<String, String> h = new HashMap<>();
        h.put("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(HookAuth.hmacSha256(SECRET, body)));
        if (delivery != null) h.put("X-GitHub-Delivery", delivery);
        return h;
    }

    /** Both steps, as the relay runs them: the headers, then the body. */
    String check(HookConfig hook, Map<String, String> h, Instant now) {
        String early = auth.precheck(hook, h::get, now);
        return early != null ? early : auth.verify(hook, h::get, BODY, now);
    }

    @Test
    void aReplayedDeliveryIsRefused() {
        Map<String, String> h = signed("msg-1", BODY);
        assertThat(check(HOOK, h, NOW)).isNull();
        assertThat(check(HOOK, h, NOW)).contains("already delivered");
    }

    @Test
    void aDeliveryThatWasNotStoredIsTakenWhenRetried() {
        Map<String, String> h = signed("msg-2", BODY);
        assertThat(check(HOOK, h, NOW)).isNull();
        auth.forgetDelivery(HOOK, h::get); // the store answered 503
        assertThat(check(HOOK, h, NOW.plusSeconds(30))).isNull();
    }

    @Test
    void aGithubDeliveryIdSeenBeforeIsAReplayForADayOnThatHookOnly() {
        Map<String, String> h = github("72d3162e-cc78-11e3-81ab-4c9367dc0958", BODY);
        assertThat(check(GITHUB, h, NOW)).isNull();
        assertThat(check(GITHUB, h, NOW.plus(Duration.ofHours(23)))).contains("X-GitHub-Delivery", "a replay");
        HookConfig other = new HookConfig("gh2", "generic", null, SECRET, null, 10, GITHUB.entry());
        assertThat(check(other, h, NOW)).as("the same id on another hook").isNull();
        assertThat(check(GITHUB, h, NOW.plus(Duration.ofHours(25))))
                .as("after a day")
                .isNull();
    }

    @Test
    void aGithubDeliveryThatWasNotStoredIsTakenWhenRetried() {
        Map<String, String> h = github("delivery-2", BODY);
        assertThat(check(GITHUB, h, NOW)).isNull();
        auth.forgetDelivery(GITHUB, h::get);
        assertThat(check(GITHUB, h, NOW)).isNull();
    }

    @Test
    void aGithubDeliveryWithoutAnIdIsTakenEachTime() {
        Map<String, String> h = github(null, BODY);
        assertThat(check(GITHUB, h, NOW)).isNull();
        assertThat(check(GITHUB, h, NOW)).as("nothing to tell a replay by").isNull();
    }

    @Test
    void malformedSignatureHeadersAreRefusedFromTheHeadersAlone() {
        for (String sig : new String[] {
            "sha256=" + "0".repeat(63),
            "sha256=" + "g".repeat(64),
            "sha1=" + "0".repeat(40),
            "0".repeat(64),
            "sha256=" + "0".repeat(66)
        }) {
            assertThat(auth.precheck(GITHUB, Map.of("X-Hub-Signature-256", sig)::get, NOW))
                    .as(sig)
                    .isNotNull();
        }
        assertThat(auth.precheck(
                        GITHUB,
                        Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64), "X-GitHub-Delivery", "a\u0001b")::get,
                        NOW))
                .contains("X-GitHub-Delivery");
        assertThat(auth.precheck(GITHUB, Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64))::get, NOW))
                .as("well-formed: the body decides")
                .isNull();
        String ts = Long.toString(NOW.getEpochSecond());
        String v1 = "v1," + Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(auth.precheck(HOOK, Map.of("webhook-id", "m", "webhook-timestamp", ts)::get, NOW))
                .isNotNull();
        assertThat(auth.precheck(
                        HOOK, Map.of("webhook-id", "m", "webhook-timestamp", "1", "webhook-signature", v1)::get, NOW))
                .contains("minutes");
        assertThat(auth.precheck(
                        HOOK,
                        Map.of(
                                "webhook-id",
                                "m",
                                "webhook-timestamp",
                                ts,
                                "webhook-signature",
                                "v1," + Base64.getEncoder().encodeToString(new byte[31]))::get,
                        NOW))
                .contains("v1,");
        assertThat(auth.precheck(
                        HOOK,
                        Map.of("webhook-id", "x".repeat(257), "webhook-timestamp", ts, "webhook-signature", v1)::get,
                        NOW))
                .contains("webhook-id");
        assertThat(auth.precheck(
                        HOOK,
                        Map.of("webhook-id", "m", "webhook-timestamp", ts, "webhook-signature", "v1a,xyz " + v1)::get,
                        NOW))
                .as("well-formed: the body decides")
                .isNull();
    }
}
