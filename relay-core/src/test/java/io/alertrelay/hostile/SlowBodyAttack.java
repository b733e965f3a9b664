package io.alertrelay.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.testing.TestRelay;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DynamicContainer;

/**
 * Request bodies announced with a {@code Content-Length} and sent a byte a second, on every endpoint that reads a
 * body, with and without credentials, and request heads left half-sent (issue 12, item 2: today 16 of them take
 * every worker thread, and pushes, {@code /metrics} and {@code GET /api/alerts} wait as long as the attacker likes).
 * The fix's contract: a body is read without a worker and cut at {@code limits.requestBodyTimeout} (2 s here) with
 * {@code 408 request-timeout}; at most {@code limits.maxBodiesPerIp} (8) at once per address, more get
 * {@code 429 too-many-bodies}; a request whose headers do not authenticate is refused before its body is read. 64
 * authenticated deliveries at once to one hook are over its {@code requestsPerSecond} (20 here): those the relay can
 * tell from the headers (bearer) may be refused {@code 429 rate-limited} at once instead.
 */
final class SlowBodyAttack {

    static final int MAX_BODIES_PER_IP = 8;
    private static final Duration DEADLINE = HostileRelay.BODY_TIMEOUT;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A body-reading endpoint, the length its slow bodies announce, and whether a bearer token says who sends. */
    private record Endpoint(String name, String path, int length, String bearer) {}

    private SlowBodyAttack() {}

    static List<DynamicContainer> run(HostileRelay relay) throws Exception {
        List<Endpoint> all = endpoints(relay);
        Endpoint push = all.get(0);
        return List.of(
                bodies(
                        relay,
                        "slow bodies: 64 from one address, valid token, POST /api/v2/alerts",
                        List.of(push),
                        64,
                        1,
                        true,
                        "127.0.2."),
                bodies(
                        relay,
                        "slow bodies: 64 with credentials on each of " + all.size() + " endpoints (8 per address)",
                        all,
                        64,
                        8,
                        true,
                        "127.0.1."),
                bodies(
                        relay,
                        "slow bodies: 64 without credentials on each of " + all.size() + " endpoints",
                        all,
                        64,
                        1,
                        false,
                        "127.0.3."),
                halfHeads(relay));
    }

    /** Acks and silences take at most 64 KiB: their slow bodies announce less, so they are read, not refused 413. */
    private static List<Endpoint> endpoints(HostileRelay relay) throws Exception {
        var r = relay.bystanders()
                .viewerGet(
                        "/api/alerts?filter=" + URLEncoder.encode("alertname=\"Bystander\"", StandardCharsets.UTF_8));
        String none = "0000000000000000";
        String fp = r == null
                ? none
                : JSON.readTree(r.body()).path(0).path("fingerprint").asText(none);
        return List.of(
                new Endpoint("POST /api/v2/alerts", "/api/v2/alerts", 100_000, TestRelay.INGEST),
                new Endpoint("POST /api/silences", "/api/silences", 60_000, TestRelay.OPERATOR),
                new Endpoint("POST /api/v2/silences", "/api/v2/silences", 60_000, TestRelay.OPERATOR),
                new Endpoint("POST /api/alerts/{fp}/ack", "/api/alerts/" + fp + "/ack", 60_000, TestRelay.OPERATOR),
                new Endpoint("/hooks/bearer", "/hooks/bearer", 100_000, HostileRelay.HOOK_TOKEN),
                new Endpoint("/hooks/gh", "/hooks/gh", 100_000, null),
                new Endpoint("/hooks/std", "/hooks/std", 100_000, null));
    }

    private static Map<String, String> headers(Endpoint e, byte[] body, boolean credentials) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", e.path().startsWith("/hooks/") ? "text/plain" : "application/json");
        if (!credentials) return h;
        if (e.bearer() != null) h.put("Authorization", "Bearer " + e.bearer());
        else h.putAll(HookSigning.correct(e.path().substring("/hooks/".length()), body));
        return h;
    }

    private static DynamicContainer bodies(
            HostileRelay relay,
            String name,
            List<Endpoint> endpoints,
            int perEndpoint,
            int addressesPerEndpoint,
            boolean credentials,
            String net) {
        return relay.attack(name, a -> {
            List<SlowRequest> requests = new ArrayList<>();
            ExecutorService readers = Executors.newCachedThreadPool();
            ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
            try {
                int address = 1;
                for (Endpoint e : endpoints) {
                    byte[] body = new byte[e.length()];
                    Arrays.fill(body, (byte) 'x');
                    for (int i = 0; i < perEndpoint; i++) {
                        String from = net + (address + i % addressesPerEndpoint);
                        byte[] head = SourceHttp.head("POST", e.path(), headers(e, body, credentials), body.length);
                        requests.add(SlowRequest.start(
                                e.name(), from, relay.port(), head, body, readers, ProcessBystanders.CAP));
                    }
                    address += addressesPerEndpoint;
                }
                trickler.scheduleAtFixedRate(() -> requests.forEach(SlowRequest::trickle), 1, 1, TimeUnit.SECONDS);
                a.hold(DEADLINE.plusSeconds(2));
                trickler.shutdownNow();
                a.size(requests.size() + " connections on " + endpoints.size() + " endpoint(s), " + (address - 1)
                        + " address(es), Content-Length 60,000 to 100,000, a byte a second, "
                        + (credentials ? "with valid credentials" : "without credentials"));
                for (SlowRequest r : requests) judge(a, r, credentials, endpoints.size() == 1);
            } finally {
                trickler.shutdownNow();
                requests.forEach(SlowRequest::close);
                readers.shutdownNow();
            }
        });
    }

    /** What one slow request got, against what the fix promises for it. */
    private static void judge(Attack a, SlowRequest r, boolean credentials, boolean oneAddressOverTheCap) {
        SourceHttp.Answer answer = r.answer();
        String outcome = answer == null ? "no answer while the attacker stayed" : answer.outcome();
        a.outcome(outcome);
        if (answer == null) {
            a.contract.fail(
                    "%s: no answer %s after the head (a byte a second, %d sent)", r.label, a.held(), r.trickled());
            return;
        }
        if (!credentials) {
            a.contract
                    .assertThat(outcome)
                    .as("%s without credentials", r.label)
                    .isIn("401 unauthorized", "429 too-many-auth-failures");
            a.contract
                    .assertThat(answer.millis())
                    .as("%s without credentials: ms until refused", r.label)
                    .isLessThan(1_000);
        } else if (outcome.equals("429 too-many-bodies") && oneAddressOverTheCap) {
            a.contract
                    .assertThat(answer.millis())
                    .as("%s: ms until 429 too-many-bodies", r.label)
                    .isLessThan(1_000);
        } else if (outcome.equals("429 rate-limited") && r.label.startsWith("/hooks/")) {
            // 64 authenticated deliveries at once are over the hook's own requestsPerSecond: refused from the headers
            a.contract
                    .assertThat(answer.millis())
                    .as("%s: ms until 429 rate-limited", r.label)
                    .isLessThan(1_000);
        } else {
            a.contract
                    .assertThat(outcome)
                    .as("%s with credentials, a byte a second", r.label)
                    .isEqualTo("408 request-timeout");
            a.contract
                    .assertThat(answer.millis())
                    .as("%s: ms until 408 (limits.requestBodyTimeout %d s)", r.label, DEADLINE.toSeconds())
                    .isBetween(DEADLINE.toMillis() - 500, DEADLINE.toMillis() + 2_000);
        }
        if (oneAddressOverTheCap && outcome.equals("408 request-timeout")) {
            a.contract
                    .assertThat(a.outcomes("408 request-timeout"))
                    .as("bodies read at once from one address " + "(limits.maxBodiesPerIp)")
                    .isLessThanOrEqualTo(MAX_BODIES_PER_IP);
        }
    }

    /** Request heads that stop halfway (half of them then trickle a byte a second): cut by requestHeaderTimeout. */
    private static DynamicContainer halfHeads(HostileRelay relay) {
        return relay.attack("half-sent request heads: 64 from one address", a -> {
            List<SlowRequest> requests = new ArrayList<>();
            ExecutorService readers = Executors.newCachedThreadPool();
            ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
            try {
                byte[] head = ("POST /api/v2/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                                + TestRelay.INGEST + "\r\nContent-Type: application/json\r\nContent-Le")
                        .getBytes(StandardCharsets.US_ASCII);
                byte[] rest =
                        ("ngth: 100000\r\nX-Pad: " + "a".repeat(48) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 64; i++) {
                    boolean silent = i % 2 == 0;
                    String label = silent ? "silent after half a head" : "head trickled a byte a second";
                    requests.add(SlowRequest.start(
                            label,
                            "127.0.4.1",
                            relay.port(),
                            head,
                            silent ? new byte[0] : rest,
                            readers,
                            ProcessBystanders.CAP));
                }
                trickler.scheduleAtFixedRate(() -> requests.forEach(SlowRequest::trickle), 1, 1, TimeUnit.SECONDS);
                Duration cut = HostileRelay.HEAD_TIMEOUT.plusSeconds(2);
                a.hold(cut.plusMillis(500));
                a.size("64 connections: 32 silent after \"...Content-Le\","
                        + " 32 trickling the rest of the head a byte a second");
                for (SlowRequest r : requests) {
                    SourceHttp.Answer answer = r.answer();
                    a.outcome(answer == null ? "still open" : answer.outcome());
                    a.contract
                            .assertThat(answer)
                            .as(
                                    "%s: cut within %d s (limits.requestHeaderTimeout %d s)",
                                    r.label, cut.toSeconds(), HostileRelay.HEAD_TIMEOUT.toSeconds())
                            .isNotNull();
                }
            } finally {
                trickler.shutdownNow();
                requests.forEach(SlowRequest::close);
                readers.shutdownNow();
            }
        });
    }
}
