package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regexes that make a backtracking engine take exponential time, sent through every door a matcher comes in by:
 * a WebSocket filter, {@code GET /api/alerts?filter=}, {@code GET /api/history?filter=} and a silence. Each shape
 * is one java.util.regex takes seconds to minutes on (the empty-group ones read no character at all, so a read
 * budget never trips). While one is in place a bystander pushes alerts and a wall watches: each push must be
 * answered, and reach the wall, in under a second, and the bomb must give RE2's (right) answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatcherBombTest {

    /** Every bystander alert carries these, so each bomb has its worst input in front of it. */
    static final String A_RUN = "a".repeat(40) + "!";

    static final String UPPER_RUN = "A".repeat(40);

    record Bomb(String name, String matcher) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bomb> bombs() {
        return Stream.of(
                new Bomb("26 empty alternatives on a missing label", "nolabel=~\"" + "(?:|)".repeat(26) + "a\""),
                new Bomb("17 nested empty groups", "nolabel=~\"" + "((|)|)".repeat(17) + "a\""),
                new Bomb("(a|)* repeated", "aaa=~\"" + "(a|)*".repeat(12) + "b\""),
                new Bomb("(|a)* repeated", "aaa=~\"" + "(|a)*".repeat(12) + "b\""),
                new Bomb("(a*)*b", "aaa=~\"(a*)*b\""),
                new Bomb("(.*a){12}", "aaa=~\"(.*a){12}\""),
                new Bomb("(A+)+B", "upper=~\"(A+)+B\""));
    }

    TestRelay relay;
    WsTestClient wall;
    final AtomicInteger pushes = new AtomicInteger();
    long worstAnswerMs;
    long worstDeliveryMs;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        relay = TestRelay.start(dataDir);
        wall = relay.subscribed(TestRelay.VIEWER, "alertname=\"Bystander\"");
        // one resolved alert, so /api/history has an entry for a filter to look at
        relay.push("[{\"labels\":{\"alertname\":\"Gone\",\"aaa\":\"" + A_RUN + "\",\"upper\":\"" + UPPER_RUN
                + "\"},\"endsAt\":\"2020-01-01T00:00:00Z\"}]");
    }

    @AfterAll
    void stop() {
        // for the record (the numbers in the hardening notes): the worst a bystander saw across every bomb
        System.out.printf(
                "MatcherBombTest: %d bystander pushes, worst answer %d ms, worst delivery %d ms%n",
                pushes.get(), worstAnswerMs, worstDeliveryMs);
        relay.close();
    }

    @ParameterizedTest(name = "ws subscribe: {0}")
    @MethodSource("bombs")
    void aBombInASubscribeFilterMatchesCorrectlyAndStallsNoOne(Bomb bomb) {
        try (WsTestClient attacker = relay.subscribed(TestRelay.VIEWER, bomb.matcher())) {
            bystanderIsServedPromptly(3);
            // RE2's answer, not a "matches nothing" fallback: none of these shapes matches its label
            assertThat(attacker.poll(Duration.ofMillis(200)))
                    .as("frames for the bomb's subscriber")
                    .isNull();
            assertThat(attacker.closed).isNotDone();
            // the real attack path for readiness: before RE2 every push waited seconds here and /readyz said 200
            assertThat(relay.http("GET", "/readyz", null, null).statusCode())
                    .as("/readyz")
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "GET /api/alerts?filter=: {0}")
    @MethodSource("bombs")
    void aBombInAnAlertsQueryAnswersAtOnceAndStallsNoOne(Bomb bomb) {
        List<CompletableFuture<HttpResponse<String>>> flood = getMany("/api/alerts?filter=", bomb, 40);
        bystanderIsServedPromptly(3);
        for (CompletableFuture<HttpResponse<String>> f : flood) {
            HttpResponse<String> r = f.join();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("[]");
        }
    }

    @ParameterizedTest(name = "GET /api/history?filter=: {0}")
    @MethodSource("bombs")
    void aBombInAHistoryQueryAnswersAtOnceAndStallsNoOne(Bomb bomb) {
        List<CompletableFuture<HttpResponse<String>>> flood = getMany("/api/history?filter=", bomb, 40);
        bystanderIsServedPromptly(3);
        for (CompletableFuture<HttpResponse<String>> f : flood) {
            HttpResponse<String> r = f.join();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"entries\":[]");
        }
    }

    @ParameterizedTest(name = "silence: {0}")
    @MethodSource("bombs")
    void aBombInASilenceSilencesCorrectlyAndStallsNoOne(Bomb bomb) {
        long started = System.nanoTime();
        HttpResponse<String> created = relay.http(
                "POST",
                "/api/silences",
                TestRelay.OPERATOR,
                "{\"matchers\":[" + json(bomb.matcher()) + "],\"endsAt\":\"2099-01-01T00:00:00Z\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(millisSince(started)).as("ms to create the silence").isLessThan(1_000);
        String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        try {
            bystanderIsServedPromptly(3);
        } finally {
            assertThat(relay.http("DELETE", "/api/silences/" + id, TestRelay.OPERATOR, null)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    /** Pushes alerts one at a time; each must be answered, and reach the wall unsilenced, within a second. */
    private void bystanderIsServedPromptly(int count) {
        for (int i = 0; i < count; i++) {
            String n = Integer.toString(pushes.incrementAndGet());
            long started = System.nanoTime();
            relay.push(Frames.alert("Bystander", "n", n, "aaa", A_RUN, "upper", UPPER_RUN));
            long answered = millisSince(started);
            var frame = wall.next(
                    f -> f.path("alert").path("labels").path("n").asText().equals(n));
            long delivered = millisSince(started);
            worstAnswerMs = Math.max(worstAnswerMs, answered);
            worstDeliveryMs = Math.max(worstDeliveryMs, delivered);
            assertThat(answered).as("ms until push %s was answered", n).isLessThan(1_000);
            assertThat(delivered).as("ms until push %s reached the wall", n).isLessThan(1_000);
            assertThat(frame.path("alert").path("silencedBy"))
                    .as("silenced by a silence that does not match")
                    .isEmpty();
        }
    }

    private List<CompletableFuture<HttpResponse<String>>> getMany(String path, Bomb bomb, int count) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(
                        URI.create(relay.base() + path + URLEncoder.encode(bomb.matcher(), StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + TestRelay.VIEWER)
                .timeout(Duration.ofSeconds(30))
                .build();
        List<CompletableFuture<HttpResponse<String>>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(http.sendAsync(get, HttpResponse.BodyHandlers.ofString()));
        return out;
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
