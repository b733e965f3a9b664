package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.TestRelay;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Generated bad bodies for {@code POST /api/v2/alerts}: each answered with a JSON error (never a 5xx), nothing of
 * a refused request stored, while the bystanders' own pushes to the same endpoint go on.
 */
@ExtendWith(BadInputTally.class)
class HttpBadBodiesTest extends BystandedTest {

    static final String VALID =
            "[{\"labels\":{\"alertname\":\"Probe\",\"instance\":\"vps-01\",\"severity\":\"critical\"},"
                    + "\"annotations\":{\"summary\":\"disk full\"},\"startsAt\":\"2026-01-01T00:00:00Z\","
                    + "\"endsAt\":\"2099-01-01T00:00:00Z\",\"generatorURL\":\"http://prometheus:9090/graph\"}]";
    static final int LIMIT = 64 * 1024;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        serve(t -> t.maxWebhookBytes = LIMIT);
    }

    private HttpResponse<String> post(String body) {
        return relay.http("POST", "/api/v2/alerts", TestRelay.INGEST, body);
    }

    @Test
    void aBodyCutAtEveryByteOffsetIsRefused400AndNothingIsStored() {
        List<String> cuts = Corpus.truncations(VALID);
        for (String cut : cuts) {
            HttpResponse<String> r = post(cut);
            assertThat(r.statusCode()).as("answer to %s", cut).isEqualTo(400);
            assertThat(Corpus.read(r.body()).path("error").asText()).isEqualTo("bad-alert");
        }
        assertThat(relay.relay.pipeline().alerts())
                .noneMatch(a -> a.labels().get("alertname").equals("Probe"));
        BadInputTally.sent(
                "http: truncated push body (every byte offset)", "400 bad-alert, nothing stored", cuts.size());
        bystanders.proveNothingLost();
    }

    @Test
    void wrongTypesHugeNumbersAndOddStringsInEveryFieldAreAnsweredWithoutA5xx() {
        for (Map.Entry<String, List<String>> kind : Map.of(
                        "wrong type",
                        Corpus.WRONG_TYPES,
                        "huge number",
                        Corpus.HUGE_NUMBERS,
                        "lone surrogates, NULs, 20k chars",
                        Corpus.NOT_TEXT)
                .entrySet()) {
            Map<Integer, Integer> answers = new TreeMap<>();
            List<String[]> cases = Corpus.substitutions(VALID, kind.getValue());
            for (String[] c : cases) {
                HttpResponse<String> r = post(c[1]);
                assertThat(r.statusCode()).as("answer to %s", c[1]).isIn(200, 400);
                if (r.statusCode() == 400)
                    assertThat(Corpus.read(r.body()).path("message").asText()).isNotBlank();
                answers.merge(r.statusCode(), 1, Integer::sum);
            }
            BadInputTally.sent(
                    "http: " + kind.getKey() + " in a push field (every field)",
                    answers.toString()
                            .replace("=", ": ")
                            .replace("{", "status ")
                            .replace("}", ""),
                    cases.size());
        }
        bystanders.proveNothingLost();
    }

    @Test
    void deepNestingAndBinaryNoiseAreRefused400() {
        List<String> deep = List.of(
                "[".repeat(30_000) + "]".repeat(30_000),
                "[{\"labels\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}]",
                "[".repeat(60_000));
        for (String d : deep) assertThat(post(d).statusCode()).isEqualTo(400);
        Random random = new Random(42);
        int noise = 0;
        for (int i = 0; i < 100; i++) {
            byte[] b = new byte[1 + random.nextInt(2000)];
            random.nextBytes(b);
            assertThat(send(b, false).statusCode()).isEqualTo(400);
            noise++;
        }
        BadInputTally.sent("http: push nesting 10,000-60,000 deep", "400 bad-alert", deep.size());
        BadInputTally.sent("http: random bytes as a push body", "400 bad-alert", noise);
        bystanders.proveNothingLost();
    }

    @Test
    void bodiesOverTheLimitAreRefused413WithOrWithoutALength() throws Exception {
        int sent = 0;
        for (int size : new int[] {LIMIT + 1, LIMIT * 2, 1_000_000, 5_000_000}) {
            byte[] body = ("[" + "{\"labels\":{\"alertname\":\"Huge\"}},".repeat(size / 32 + 1)).getBytes();
            for (boolean chunked : new boolean[] {false, true}) {
                String status = RawHttp.post(
                        relay.relay.port(),
                        "/api/v2/alerts",
                        Map.of("Authorization", "Bearer " + TestRelay.INGEST),
                        body,
                        chunked);
                assertThat(status)
                        .as("%d bytes, chunked %s", body.length, chunked)
                        .startsWith("HTTP/1.1 413");
                sent++;
            }
        }
        assertThat(relay.relay.pipeline().alerts())
                .noneMatch(a -> a.labels().get("alertname").equals("Huge"));
        BadInputTally.sent("http: push bodies over the limit (64 KiB here)", "413 too-large", sent);
        bystanders.proveNothingLost();
    }

    private HttpResponse<String> send(byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher p = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest req = HttpRequest.newBuilder(URI.create(relay.base() + "/api/v2/alerts"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TestRelay.INGEST)
                .POST(p)
                .build();
        try {
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("POST of " + body.length + " bytes failed: " + e, e);
        }
    }
}
