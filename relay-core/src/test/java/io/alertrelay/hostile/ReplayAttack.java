package io.alertrelay.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DynamicContainer;

/**
 * A captured, correctly signed GitHub-style delivery sent again: today an HMAC hook takes it for ever (issue 12,
 * item 8); after the fix the relay remembers {@code X-GitHub-Delivery} and refuses it with 401 naming the replay, as
 * it already does for Standard Webhooks. A new delivery with the same content is a new delivery and is taken.
 */
final class ReplayAttack {

    /** Its own address: the refusals count as authentication failures, which must not fall on the bystanders. */
    static final String FROM = "127.0.0.30";

    private ReplayAttack() {}

    static DynamicContainer run(HostileRelay relay) {
        return relay.attack("hooks: replayed signed deliveries", a -> {
            byte[] first = body(a.phase, 1);
            String delivery = UUID.randomUUID().toString();
            expect(a, relay, "gh", HookSigning.github(first, delivery), first, "the first delivery", "200");
            expect(
                    a,
                    relay,
                    "gh",
                    HookSigning.github(first, delivery),
                    first,
                    "the same delivery again",
                    "401 unauthorized");
            byte[] other = body(a.phase, 2);
            expect(
                    a,
                    relay,
                    "gh",
                    HookSigning.github(other, delivery),
                    other,
                    "the same X-GitHub-Delivery, another body signed anew",
                    "401 unauthorized");
            expect(
                    a,
                    relay,
                    "gh",
                    HookSigning.github(first, UUID.randomUUID().toString()),
                    first,
                    "the same body under a new X-GitHub-Delivery (a new delivery)",
                    "200");
            byte[] bare = body(a.phase, 3);
            expect(a, relay, "gh", HookSigning.github(bare, null), bare, "a delivery without X-GitHub-Delivery", "200");
            a.answer(
                    "the same again (no id: a replay the relay cannot tell)",
                    post(relay, "gh", HookSigning.github(bare, null), bare));
            byte[] std = body(a.phase, 4);
            long now = Instant.now().getEpochSecond();
            Map<String, String> h = HookSigning.standard("msg_" + UUID.randomUUID(), now, std);
            expect(a, relay, "std", h, std, "a Standard Webhooks delivery", "200");
            expect(a, relay, "std", h, std, "the same Standard Webhooks delivery again", "401 unauthorized");
            a.size("8 deliveries to /hooks/gh and /hooks/std, 3 of them replays");
            a.hold(Duration.ofSeconds(1));
        });
    }

    private static void expect(
            Attack a,
            HostileRelay relay,
            String hook,
            Map<String, String> headers,
            byte[] body,
            String what,
            String expected) {
        SourceHttp.Answer r = a.answer(what, post(relay, hook, headers, body));
        a.contract
                .assertThat(r.outcome())
                .as("%s to /hooks/%s: %s", what, hook, r.body())
                .isEqualTo(expected);
        if (expected.startsWith("401"))
            a.contract
                    .assertThat(r.body())
                    .as("the refusal of %s names the replay", what)
                    .containsIgnoringCase("replay");
    }

    static SourceHttp.Answer post(HostileRelay relay, String hook, Map<String, String> headers, byte[] body) {
        return SourceHttp.send(FROM, relay.port(), "POST", "/hooks/" + hook, headers, body, ProcessBystanders.CAP);
    }

    private static byte[] body(String phase, int n) {
        return ("alertname=Replay\nt=" + phase + "\nn=" + n).getBytes(StandardCharsets.UTF_8);
    }
}
