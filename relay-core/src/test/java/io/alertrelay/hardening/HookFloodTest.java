package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.config.LimitsConfig;
import io.alertrelay.config.RelayConfig;
import io.alertrelay.net.Cidr;
import io.alertrelay.net.TrustedProxies;
import io.alertrelay.testing.TestRelay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Floods of unsigned and wrongly signed requests on each kind of hook, from other client addresses, while the real
 * sender delivers correctly signed ones. Before, the flood used up the hook's {@code requestsPerSecond} and the real
 * sender got 429. Now the rate is charged only after authentication: the real sender gets 200 every time.
 */
@ExtendWith(BadInputTally.class)
class HookFloodTest {

    static final String GH_SECRET = ThreeHooks.GH_SECRET;
    static final byte[] STD_KEY = ThreeHooks.STD_KEY;
    static final String HOOK_TOKEN = ThreeHooks.HOOK_TOKEN;
    static final TrustedProxies LOOPBACK_PROXY =
            new TrustedProxies(List.of(Cidr.parse("127.0.0.1").cidr()));
    /** Low, so that a flood charged to the hook would use it up at once. */
    static final int HOOK_RATE = 5;

    static final int FLOOD_PER_ADDRESS = 60;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    TestRelay relay;
    final ExecutorService flooders = Executors.newFixedThreadPool(4);

    @BeforeEach
    void start() throws Exception {
        relay = TestRelay.start(dataDir, ThreeHooks.in(dataDir, HOOK_RATE).andThen(t -> {
            t.authFailuresPerMinute = LimitsConfig.DEFAULT_AUTH_FAILURES_PER_MINUTE;
            // 127.0.0.1 stands for the proxy (nginx) in the test of clients behind one
            UnaryOperator<RelayConfig> hooks = t.config;
            t.config = c -> hooks.apply(c).withServer(c.server().withTrustedProxies(LOOPBACK_PROXY));
        }));
    }

    @AfterEach
    void stop() {
        flooders.shutdownNow();
        relay.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer", "gh", "std"})
    void aFloodOfUnsignedAndWronglySignedRequestsNeverCostsTheRealSenderA429(String hook) throws Exception {
        Map<Integer, Integer> floodAnswers = new ConcurrentHashMap<>();
        List<Future<?>> floods = new ArrayList<>();
        int addresses = 0;
        for (Function<String, Map<String, String>> forged : List.<Function<String, Map<String, String>>>of(
                body -> Map.of(), body -> wrongCredentials(hook, body))) {
            String from = "127.0.9." + (++addresses);
            floods.add(flooders.submit(() -> {
                for (int i = 0; i < FLOOD_PER_ADDRESS; i++) {
                    String body = "alertname=Forged\nn=" + i;
                    try (AttackSocket s = AttackSocket.open(relay.relay.port(), from)) {
                        int status = s.head("POST", "/hooks/" + hook, forged.apply(body), body.length())
                                .send(body)
                                .response(Duration.ofSeconds(5))
                                .status();
                        floodAnswers.merge(status, 1, Integer::sum);
                    }
                }
                return null;
            }));
        }
        // once the flood is under way, the real sender sends as many as the hook takes in one burst
        await().atMost(Duration.ofSeconds(10)).until(() -> total(floodAnswers) >= 10);
        Map<Integer, Integer> realAnswers = new TreeMap<>();
        for (int i = 0; i < HOOK_RATE; i++) {
            String body = "alertname=Real\nhook=" + hook + "\nn=" + i;
            HttpResponse<String> r = post(hook, rightCredentials(hook, body, "real-" + i), body);
            realAnswers.merge(r.statusCode(), 1, Integer::sum);
        }
        for (Future<?> f : floods) f.get();
        BadInputTally.sent(
                "hooks: flood on a " + hook + " hook (unsigned, wrongly signed)",
                "401 for the first " + LimitsConfig.DEFAULT_AUTH_FAILURES_PER_MINUTE
                        + " of each address, then 429 too-many-auth-failures",
                total(floodAnswers));
        assertThat(realAnswers)
                .as("answers to the real sender during the flood (flood got %s)", floodAnswers)
                .isEqualTo(Map.of(200, HOOK_RATE));
        // each flooding address had its allowance of real checks, then was refused from its headers
        // (a flood slower than 2 s would get one more check per address: the allowance refills at 1 per 2 s)
        assertThat(floodAnswers).as("answers to the flood").containsOnlyKeys(401, 429);
        int allowance = 2 * LimitsConfig.DEFAULT_AUTH_FAILURES_PER_MINUTE;
        assertThat(floodAnswers.get(401)).as("checks the flood got").isBetween(allowance, allowance + 4);
        assertThat(relay.relay.pipeline().alerts())
                .noneMatch(a -> a.labels().get("alertname").equals("Forged"))
                .filteredOn(a -> a.labels().get("alertname").equals("Real"))
                .hasSize(HOOK_RATE);
    }

    @Test
    void behindATrustedProxyOneClientsFailuresLockOutThatClientOnly() throws Exception {
        String body = "alertname=Real\nhook=bearer\nn=proxied";
        Map<Integer, Integer> guesser = new TreeMap<>();
        for (int i = 0; i < LimitsConfig.DEFAULT_AUTH_FAILURES_PER_MINUTE + 10; i++) {
            guesser.merge(
                    post("bearer", Map.of("Authorization", "Bearer guess-" + i, "X-Forwarded-For", "192.0.2.66"), body)
                            .statusCode(),
                    1,
                    Integer::sum);
        }
        assertThat(guesser).isEqualTo(Map.of(401, LimitsConfig.DEFAULT_AUTH_FAILURES_PER_MINUTE, 429, 10));
        HttpResponse<String> locked =
                post("bearer", Map.of("Authorization", "Bearer " + HOOK_TOKEN, "X-Forwarded-For", "192.0.2.66"), body);
        assertThat(locked.statusCode())
                .as("the right token from the locked-out client")
                .isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(locked.body()).contains("too-many-auth-failures", "limits.authFailuresPerMinute");
        HttpResponse<String> other =
                post("bearer", Map.of("Authorization", "Bearer " + HOOK_TOKEN, "X-Forwarded-For", "192.0.2.77"), body);
        assertThat(other.statusCode())
                .as("another client behind the same proxy: %s", other.body())
                .isEqualTo(200);
        assertThat(relay.http("GET", "/api/alerts", TestRelay.VIEWER, null).statusCode())
                .as("the proxy's own address")
                .isEqualTo(200);
        assertThat(relay.relay.metrics().scrape()).contains("relay_http_rejected_total{reason=\"auth-failures\"} 11.0");
    }

    static Map<String, String> wrongCredentials(String hook, String body) {
        return switch (hook) {
            case "bearer" -> Map.of("Authorization", "Bearer wrong-" + HOOK_TOKEN);
            case "gh" -> Map.of("X-Hub-Signature-256", hubSignature("wrong".getBytes(), body));
            default -> standard(body, "forged-" + body.hashCode(), "wrong-key-of-thirty-two-bytes!!!".getBytes());
        };
    }

    static Map<String, String> rightCredentials(String hook, String body, String deliveryId) {
        return switch (hook) {
            case "bearer" -> Map.of("Authorization", "Bearer " + HOOK_TOKEN);
            case "gh" ->
                Map.of(
                        "X-Hub-Signature-256",
                        hubSignature(GH_SECRET.getBytes(), body),
                        "X-GitHub-Delivery",
                        deliveryId);
            default -> standard(body, deliveryId, STD_KEY);
        };
    }

    static Map<String, String> standard(String body, String id, byte[] key) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        return Map.of(
                "webhook-id",
                id,
                "webhook-timestamp",
                ts,
                "webhook-signature",
                "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + ts + "." + body)));
    }

    static String hubSignature(byte[] key, String body) {
        return "sha256=" + WebhookAbuseTest.hex(hmac(key, body));
    }

    static int total(Map<Integer, Integer> answers) {
        return answers.values().stream().mapToInt(Integer::intValue).sum();
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            return WebhookAbuseTest.hmac(key, data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(String hook, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(relay.base() + "/hooks/" + hook))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
