package io.alertrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.plugin.api.PluginConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Standard Webhooks deliveries: a replayed webhook-id is refused, but a delivery that passed the check and was
 * not stored (the store was full) is forgotten, so the sender's retry with the same id is taken.
 */
class HookAuthReplayTest {

    static final byte[] SECRET = "whsec-test-secret".getBytes(StandardCharsets.UTF_8);
    static final HookConfig HOOK = new HookConfig("ci", "generic", null, null, SECRET, 10,
            new PluginConfig("plugins.webhooks.hooks[0]", Map.of()));
    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    final HookAuth auth = new HookAuth(new ReplayGuard(Duration.ofMinutes(10), 1000));

    static Map<String, String> signed(String id, byte[] body) {
        String ts = Long.toString(NOW.getEpochSecond());
        byte[] sig = HookAuth.hmacSha256(SECRET, (id + "." + ts + ".").getBytes(StandardCharsets.UTF_8), body);
        return Map.of("webhook-id", id, "webhook-timestamp", ts,
                "webhook-signature", "v1," + Base64.getEncoder().encodeToString(sig));
    }

    @Test
    void aReplayedDeliveryIsRefused() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = signed("msg-1", body);
        assertThat(auth.check(HOOK, h::get, body, NOW)).isNull();
        assertThat(auth.check(HOOK, h::get, body, NOW)).contains("already delivered");
    }

    @Test
    void aDeliveryThatWasNotStoredIsTakenWhenRetried() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = signed("msg-2", body);
        assertThat(auth.check(HOOK, h::get, body, NOW)).isNull();
        auth.forgetDelivery(HOOK, h::get); // the store answered 503
        assertThat(auth.check(HOOK, h::get, body, NOW.plusSeconds(30))).isNull();
    }
}
