package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.testing.TestRelay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Slow request bodies on every endpoint that takes one (and on those that do not), with and without credentials,
 * beside half-sent request heads: each announces 100,000 bytes and trickles one a second. Before, 16 of them held
 * every worker thread and the relay stopped answering. Now a body is read without a thread, so the bystanders'
 * pushes, their walls and /metrics answer in under a second throughout, and nothing they pushed is lost.
 */
@ExtendWith(BadInputTally.class)
class SlowBodiesTest extends BystandedTest {

    /** Slow bodies per endpoint: 8 client addresses with 8 each. */
    static final int PER_ENDPOINT = 64;

    static final int PER_ADDRESS = 8;
    /** What a slow body announces: pushes and hooks 100,000 bytes, acks and silences (64 KiB at most) 60,000. */
    static final long BIG = 100_000;

    static final long SMALL = 60_000;
    /** Longer than the attack is measured for: every slow body is still open while the bystanders are timed. */
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(8);

    final List<AttackSocket> sockets = new ArrayList<>();
    final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() throws Exception {
        serve(ThreeHooks.in(dataDir, 10_000).andThen(t -> {
            t.requestBodyTimeout = BODY_TIMEOUT;
            t.requestHeaderTimeout = BODY_TIMEOUT;
        }));
    }

    @AfterEach
    void stop() {
        trickler.shutdownNow();
        sockets.forEach(AttackSocket::close);
    }

    /**
     * One kind of slow request: where it goes, with which headers, and what the relay answers. {@code status} 408:
     * the headers pass, so the body is read (without a thread) until limits.requestBodyTimeout; anything else is
     * answered from the headers at once, and the connection closed rather than the body read.
     */
    record Attack(String name, String method, String path, Map<String, String> headers, long announced, int status) {}

    static List<Attack> attacks() {
        String ts = Long.toString(Instant.now().getEpochSecond());
        String fakeStd = "v1," + Base64.getEncoder().encodeToString(new byte[32]);
        return List.of(
                new Attack("push, ingest token", "POST", "/api/v2/alerts", bearer(TestRelay.INGEST), BIG, 408),
                new Attack("push, no token", "POST", "/api/v2/alerts", Map.of(), BIG, 401),
                new Attack("push, wrong token", "POST", "/api/v2/alerts", bearer("not-a-token"), BIG, 401),
                new Attack("push, viewer token", "POST", "/api/v2/alerts", bearer(TestRelay.VIEWER), BIG, 403),
                new Attack("bearer hook, its token", "POST", "/hooks/bearer", bearer(ThreeHooks.HOOK_TOKEN), BIG, 408),
                new Attack("bearer hook, no token", "POST", "/hooks/bearer", Map.of(), BIG, 401),
                new Attack(
                        "HMAC hook, well-formed signature",
                        "POST",
                        "/hooks/gh",
                        Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64)),
                        BIG,
                        408),
                new Attack("HMAC hook, no signature", "POST", "/hooks/gh", Map.of(), BIG, 401),
                new Attack(
                        "Standard Webhooks hook, well-formed headers",
                        "POST",
                        "/hooks/std",
                        Map.of("webhook-id", "msg_slow", "webhook-timestamp", ts, "webhook-signature", fakeStd),
                        BIG,
                        408),
                new Attack("Standard Webhooks hook, no headers", "POST", "/hooks/std", Map.of(), BIG, 401),
                new Attack("no such hook", "POST", "/hooks/nope", Map.of(), BIG, 404),
                new Attack("silence, operator token", "POST", "/api/silences", bearer(TestRelay.OPERATOR), SMALL, 408),
                new Attack(
                        "ack, operator token",
                        "POST",
                        "/api/alerts/0123456789abcdef/ack",
                        bearer(TestRelay.OPERATOR),
                        SMALL,
                        408),
                new Attack(
                        "silence, operator token, over its 64 KiB",
                        "POST",
                        "/api/silences",
                        bearer(TestRelay.OPERATOR),
                        BIG,
                        413),
                new Attack(
                        "plugin restart, admin token (takes no body)",
                        "POST",
                        "/api/plugins/nope/restart",
                        bearer(TestRelay.ADMIN),
                        SMALL,
                        404),
                new Attack(
                        "alert list, viewer token (takes no body)",
                        "GET",
                        "/api/alerts",
                        bearer(TestRelay.VIEWER),
                        SMALL,
                        200),
                new Attack("metrics (takes no body)", "GET", "/metrics", Map.of(), SMALL, 200),
                new Attack(
                        "silence expiry, operator token (takes no body)",
                        "DELETE",
                        "/api/silences/nope",
                        bearer(TestRelay.OPERATOR),
                        SMALL,
                        404));
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    @Test
    void slowBodiesOnEveryEndpointAndHalfSentHeadsCostTheBystandersNothing() throws Exception {
        int port = relay.relay.port();
        BystanderProbe probe = new BystanderProbe(relay, "slow-bodies").warmedUp();
        List<Attack> attacks = attacks();
        Map<Attack, List<AttackSocket>> opened = new LinkedHashMap<>();
        for (int a = 0; a < attacks.size(); a++) {
            Attack attack = attacks.get(a);
            List<AttackSocket> group = new ArrayList<>();
            for (int i = 0; i < PER_ENDPOINT; i++) {
                String from = "127.0." + (a + 1) + "." + (1 + i / PER_ADDRESS);
                group.add(AttackSocket.open(port, from)
                        .head(attack.method(), attack.path(), attack.headers(), attack.announced())
                        .send("{")); // the body's first byte: the rest follows one a second
            }
            opened.put(attack, group);
            sockets.addAll(group);
        }
        List<AttackSocket> halfHeads = new ArrayList<>();
        for (int i = 0; i < PER_ENDPOINT; i++) {
            halfHeads.add(AttackSocket.open(port, "127.0." + (attacks.size() + 1) + "." + (1 + i / PER_ADDRESS))
                    .send("POST /api/v2/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
        }
        sockets.addAll(halfHeads);
        trickler.scheduleAtFixedRate(() -> sockets.forEach(AttackSocket::trickle), 1, 1, TimeUnit.SECONDS);

        // what the headers decide is answered at once (the work of those requests is done by then too)
        for (Map.Entry<Attack, List<AttackSocket>> e : opened.entrySet()) {
            if (e.getKey().status() != 408) expectAnswers(e.getKey(), e.getValue());
        }
        // the bystanders, timed while every slow body that got past its headers is still being read
        probe.roundsFor(Duration.ofSeconds(2));
        probe.close();
        assertThat(rejected("body-timeout"))
                .as("bodies cut before the bystanders were timed")
                .isZero();
        probe.assertUnderOneSecond();

        // each of them then ends with a 408 at the deadline, and its connection is closed
        long read = attacks.stream().filter(a -> a.status() == 408).count() * PER_ENDPOINT;
        await().atMost(BODY_TIMEOUT.plusSeconds(10)).until(() -> rejected("body-timeout") >= read);
        for (Map.Entry<Attack, List<AttackSocket>> e : opened.entrySet()) {
            if (e.getKey().status() == 408) expectAnswers(e.getKey(), e.getValue());
        }
        for (AttackSocket s : halfHeads) {
            assertThat(s.read(Duration.ofSeconds(5)))
                    .as("cut, unanswered")
                    .isEqualTo(new AttackSocket.Answer("", true));
        }
        BadInputTally.sent(
                "http: half-sent request head (a byte a second)",
                "cut at limits.requestHeaderTimeout",
                halfHeads.size());
        assertThat(rejected("body-timeout")).isEqualTo(read);
        assertThat(relay.relay.pipeline().alerts())
                .as("the probe's accepted alerts, stored")
                .filteredOn(a -> "slow-bodies".equals(a.labels().get("probe")))
                .hasSize(probe.accepted().size());
        bystanders.proveNothingLost();
    }

    private static void expectAnswers(Attack attack, List<AttackSocket> group) {
        for (AttackSocket s : group) {
            AttackSocket.Answer answer = s.read(Duration.ofSeconds(2));
            assertThat(answer.status())
                    .as("%s: %s", attack.name(), answer.text())
                    .isEqualTo(attack.status());
            assertThat(answer.closed())
                    .as("%s: connection closed after the answer", attack.name())
                    .isTrue();
        }
        BadInputTally.sent(
                "http: slow body (a byte a second), " + attack.name(),
                attack.status() == 408
                        ? "read without a thread, 408 at limits.requestBodyTimeout"
                        : attack.status() + " from the headers, connection closed",
                group.size());
    }

    long rejected(String reason) {
        return rejected(relay, reason);
    }

    /** {@code relay_http_rejected_total} for one reason. */
    static long rejected(TestRelay relay, String reason) {
        String prefix = "relay_http_rejected_total{reason=\"" + reason + "\"} ";
        return relay.relay
                .metrics()
                .scrape()
                .lines()
                .filter(l -> l.startsWith(prefix))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(prefix.length())))
                .sum();
    }
}
