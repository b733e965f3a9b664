package io.alertrelay.http;

import static io.alertrelay.testing.AmOpenApi.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alertmanager's API v2 silences on the relay: create, read, change by id (in place, or a new id when the
 * matchers change), expire; each answer validated against Alertmanager's OpenAPI document, each change the one
 * a wall sees live.
 */
class AmV2SilencesTest {

    @TempDir
    Path dataDir;

    TestRelay relay;

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    static String body(String id, String matchers, Instant start, Instant end, String createdBy, String comment) {
        return "{" + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"matchers\":" + matchers + ",\"startsAt\":\""
                + start + "\",\"endsAt\":\"" + end + "\""
                + (createdBy == null ? "" : ",\"createdBy\":\"" + createdBy + "\"") + ",\"comment\":\"" + comment
                + "\"}";
    }

    static final String DISK = "[{\"name\":\"alertname\",\"value\":\"DiskFull\",\"isRegex\":false}]";
    static final String DISK_ON_1 = "[{\"name\":\"alertname\",\"value\":\"DiskFull\",\"isRegex\":false},"
            + "{\"name\":\"instance\",\"value\":\"vps-0[1]\",\"isRegex\":true,\"isEqual\":true}]";

    HttpResponse<String> post(String token, String body) {
        return relay.http("POST", "/api/v2/silences", token, body);
    }

    JsonNode get(String id) {
        return assertValid(
                "GET", "/silence/{silenceID}", relay.http("GET", "/api/v2/silence/" + id, TestRelay.VIEWER, null));
    }

    @Test
    void aSilenceMadeHereIsTheWallsWithTheTokenAsCreatorWhenNoneIsGiven() throws Exception {
        relay.push(Frames.alert("DiskFull", "instance", "vps-01", "severity", "warning"));
        try (WsTestClient wall = relay.subscribed(TestRelay.VIEWER)) {
            Instant now = Instant.now();
            String id = assertValid(
                            "POST",
                            "/silences",
                            post(
                                    TestRelay.OPERATOR,
                                    body(null, DISK, now, now.plus(1, ChronoUnit.HOURS), null, "swap")))
                    .path("silenceID")
                    .asText();
            JsonNode s = get(id);
            assertThat(s.path("createdBy").asText()).isEqualTo("operator");
            assertThat(s.path("status").path("state").asText()).isEqualTo("active");
            assertThat(s.path("matchers").get(0).path("isEqual").asBoolean()).isTrue();
            wall.next(f -> "silence".equals(f.path("type").asText())
                    && id.equals(f.path("silence").path("id").asText()));
            wall.next(f -> "alert".equals(f.path("type").asText())
                    && f.path("alert").path("silencedBy").toString().contains(id));
            JsonNode listed =
                    assertValid("GET", "/silences", relay.http("GET", "/api/v2/silences", TestRelay.VIEWER, null));
            assertThat(listed).hasSize(1);
        }
    }

    @Test
    void sameMatchersChangeInPlaceOtherMatchersExpireTheOldAndAnswerANewId() {
        Instant now = Instant.now();
        String id = assertValid(
                        "POST",
                        "/silences",
                        post(TestRelay.OPERATOR, body(null, DISK, now, now.plus(1, ChronoUnit.HOURS), "ana", "a")))
                .path("silenceID")
                .asText();
        String same = assertValid(
                        "POST",
                        "/silences",
                        post(TestRelay.OPERATOR, body(id, DISK, now, now.plus(3, ChronoUnit.HOURS), "ana", "longer")))
                .path("silenceID")
                .asText();
        assertThat(same).isEqualTo(id);
        assertThat(get(id).path("comment").asText()).isEqualTo("longer");

        String other = assertValid(
                        "POST",
                        "/silences",
                        post(
                                TestRelay.OPERATOR,
                                body(id, DISK_ON_1, now, now.plus(3, ChronoUnit.HOURS), "ana", "narrower")))
                .path("silenceID")
                .asText();
        assertThat(other).isNotEqualTo(id);
        assertThat(get(id).path("status").path("state").asText()).isEqualTo("expired");
        assertThat(get(other).path("matchers")).hasSize(2);
        assertThat(get(other).path("matchers").get(1).path("isRegex").asBoolean())
                .isTrue();

        String filter = URLEncoder.encode("instance=~\"vps-0[1]\"", StandardCharsets.UTF_8);
        JsonNode having = assertValid(
                "GET", "/silences", relay.http("GET", "/api/v2/silences?filter=" + filter, TestRelay.VIEWER, null));
        assertThat(having).extracting(s -> s.path("id").asText()).containsExactly(other);
    }

    @Test
    void aFutureSilenceIsPendingAndExpiringItIsAlertmanagers200() {
        Instant start = Instant.now().plus(2, ChronoUnit.HOURS);
        String id = post(TestRelay.OPERATOR, body(null, DISK, start, start.plus(1, ChronoUnit.HOURS), "ops", "tonight"))
                .body()
                .replaceAll(".*\"silenceID\":\"([^\"]+)\".*", "$1");
        assertThat(get(id).path("status").path("state").asText()).isEqualTo("pending");
        HttpResponse<String> del = relay.http("DELETE", "/api/v2/silence/" + id, TestRelay.OPERATOR, null);
        assertValid("DELETE", "/silence/{silenceID}", del);
        assertThat(get(id).path("status").path("state").asText()).isEqualTo("expired");
    }

    @Test
    void refusalsAreAlertmanagersBareStringsAndCostNothing() {
        Instant now = Instant.now();
        String unknown = "0b8d5f0e-6f5e-4b8e-9d8c-3e3c1b2a1f00";
        // an id the relay does not hold: 404 with a reason (amtool then imports the silence afresh)
        HttpResponse<String> missing =
                post(TestRelay.OPERATOR, body(unknown, DISK, now, now.plus(1, ChronoUnit.HOURS), "x", "x"));
        assertThat(assertValid("POST", "/silences", missing).asText()).contains(unknown);
        assertThat(relay.http("GET", "/api/v2/silence/" + unknown, TestRelay.VIEWER, null)
                        .statusCode())
                .isEqualTo(404);
        // Alertmanager 0.25 answers 500 here; the relay says what it is, as later Alertmanagers do
        HttpResponse<String> expireMissing =
                relay.http("DELETE", "/api/v2/silence/" + unknown, TestRelay.OPERATOR, null);
        assertThat(expireMissing.statusCode()).isEqualTo(404);
        assertThat(RestApiTest.json(expireMissing).isTextual()).isTrue();

        for (String bad : List.of(
                "{not json",
                body(null, "[]", now, now.plus(1, ChronoUnit.HOURS), "x", "no matchers"),
                body(null, DISK, now.plus(1, ChronoUnit.HOURS), now, "x", "ends before it starts"),
                body(null, DISK, now.minus(2, ChronoUnit.HOURS), now.minus(1, ChronoUnit.HOURS), "x", "past"),
                body(
                        null,
                        "[{\"name\":\"a\",\"value\":\"(x+)+y{1000}{1000}\",\"isRegex\":true}]",
                        now,
                        now.plus(1, ChronoUnit.HOURS),
                        "x",
                        "too big a regex"),
                body(null, DISK, now, now.plus(1, ChronoUnit.HOURS), "\\ud800", "lone surrogate"))) {
            HttpResponse<String> r = post(TestRelay.OPERATOR, bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(assertValid("POST", "/silences", r).asText()).as(bad).isNotBlank();
        }
        assertThat(post(TestRelay.VIEWER, body(null, DISK, now, now.plus(1, ChronoUnit.HOURS), "x", "x"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(relay.http("DELETE", "/api/v2/silence/" + unknown, TestRelay.VIEWER, null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(assertValid("GET", "/silences", relay.http("GET", "/api/v2/silences", TestRelay.VIEWER, null)))
                .isEmpty();
    }
}
