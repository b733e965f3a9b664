package io.alertrelay.command;

import static io.alertrelay.command.Pair.frame;
import static io.alertrelay.command.Pair.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same request gives the same answer over REST and the WebSocket, for every operator command: the same
 * outcome (REST 2xx and a {@code done}, or REST 400/409 and {@code invalid}, 403 and {@code forbidden}, 404 and
 * {@code not-found}) with the same message, on a real relay over real sockets.
 */
class RestWsParityTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String LATER = Instant.now()
            .plus(2, ChronoUnit.HOURS)
            .truncatedTo(ChronoUnit.SECONDS)
            .toString();

    @TempDir
    Path dataDir;

    TestRelay relay;
    final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir);
        relay.push("[" + Frames.alertObject("DiskFull", "env", "prod", "severity", "critical") + ","
                + Frames.alertObject("CpuHigh", "env", "dev", "severity", "warning") + "]");
        // fired, then resolved: an alert the relay keeps, resolved
        relay.push("[{\"labels\":{\"alertname\":\"Gone\"}}]");
        relay.push("[{\"labels\":{\"alertname\":\"Gone\"},\"endsAt\":\""
                + Instant.now().minusSeconds(1) + "\"}]");
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    Pair both(String token, String method, String path, String body, ObjectNode frame) {
        return both(token, method, path, body, frame.toString());
    }

    /** @param frame the WebSocket request as JSON text, without its {@code id} */
    Pair both(String token, String method, String path, String body, String frame) {
        HttpResponse<String> r = relay.http(method, path, token, body);
        String id = "p" + ids.incrementAndGet();
        try (WsTestClient c = WsTestClient.connect(relay.wsUri(), token)) {
            c.next("welcome");
            c.send("{\"id\":\"" + id + "\"," + frame.substring(1));
            JsonNode answer = c.next(n -> id.equals(n.path("ref").asText()));
            return new Pair(r.statusCode(), tree(r.body()), answer);
        }
    }

    Pair silence(String token, String matchersJson, String endsAt) {
        String fields = "\"matchers\":" + matchersJson + (endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"")
                + ",\"comment\":\"parity\"";
        ObjectNode f = (ObjectNode) tree("{\"type\":\"silence\"," + fields + "}");
        return both(token, "POST", "/api/silences", "{" + fields + "}", f);
    }

    String fingerprint(String alertname) {
        for (JsonNode a :
                tree(relay.http("GET", "/api/alerts", TestRelay.VIEWER, null).body())) {
            if (a.path("labels").path("alertname").asText().equals(alertname))
                return a.path("fingerprint").asText();
        }
        throw new AssertionError("no alert " + alertname);
    }

    @Test
    void silenceWithAlertmanagerMatcherObjectsIsCreatedTheSameWayByBoth() {
        String matchers = "[{\"name\":\"env\",\"value\":\"pr.*\",\"isRegex\":true,\"isEqual\":true},"
                + "{\"name\":\"severity\",\"value\":\"info\",\"isRegex\":false,\"isEqual\":false},"
                + "\"alertname=DiskFull\"]";
        Pair p = silence(TestRelay.OPERATOR, matchers, LATER);
        p.bothDone();
        String wsId = p.ws().path("silenceId").asText();
        JsonNode restMatchers = p.rest().path("matchers");
        JsonNode wsSilence = null;
        for (JsonNode s :
                tree(relay.http("GET", "/api/silences", TestRelay.VIEWER, null).body())) {
            if (s.path("id").asText().equals(wsId)) wsSilence = s;
        }
        assertThat(wsSilence).as("the WebSocket's silence is listed").isNotNull();
        assertThat(wsSilence.path("matchers")).isEqualTo(restMatchers);
        assertThat(restMatchers.toString()).contains("env=~\\\"pr.*\\\"").contains("severity!=\\\"info\\\"");
    }

    @Test
    void badMatchersAreRefusedAlike() {
        silence(TestRelay.OPERATOR, "[\"env=~(a\"]", LATER).sameRefusal(400);
        silence(TestRelay.OPERATOR, "[{\"name\":\"bad-name\",\"value\":\"x\"}]", LATER)
                .sameRefusal(400);
        silence(TestRelay.OPERATOR, "[{\"name\":\"env\",\"value\":\"(a\",\"isRegex\":true}]", LATER)
                .sameRefusal(400);
        silence(TestRelay.OPERATOR, "[42]", LATER).sameRefusal(400);
        silence(TestRelay.OPERATOR, "[]", LATER).sameRefusal(400);
        silence(TestRelay.OPERATOR, "\"env=prod\"", LATER).sameRefusal(400);
        // a silence that would match everything
        silence(TestRelay.OPERATOR, "[\"env=\\\"\\\"\"]", LATER).sameRefusal(400);
    }

    @Test
    void overLimitMatchersAreRefusedAlike() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 33; i++) many.add("\"l" + i + "=v\"");
        Pair p = silence(TestRelay.OPERATOR, many.toString(), LATER);
        p.sameRefusal(400);
        assertThat(p.rest().path("message").asText()).contains("limits.maxMatchers");
        Pair big = silence(TestRelay.OPERATOR, "[{\"name\":\"env\",\"value\":\"a{1000}\",\"isRegex\":true}]", LATER);
        big.sameRefusal(400);
        assertThat(big.rest().path("message").asText()).contains("RE2 instructions");
    }

    @Test
    void badAndMissingTimesAreRefusedAlike() {
        silence(TestRelay.OPERATOR, "[\"env=prod\"]", "tomorrow").sameRefusal(400);
        silence(TestRelay.OPERATOR, "[\"env=prod\"]", null).sameRefusal(400);
        silence(TestRelay.OPERATOR, "[\"env=prod\"]", "2026-13-01T00:00:00Z").sameRefusal(400);
        // well formed, but the end is before the start (the message names "now", which differs)
        silence(TestRelay.OPERATOR, "[\"env=prod\"]", "2020-01-01T00:00:00Z").sameCode(400);
    }

    @Test
    void aRoleTooWeakIsRefusedAlikeForEveryCommand() {
        silence(TestRelay.VIEWER, "[\"env=prod\"]", LATER).sameRefusal(403);
        String fp = fingerprint("DiskFull");
        both(
                        TestRelay.VIEWER,
                        "POST",
                        "/api/alerts/" + fp + "/ack",
                        "{}",
                        frame("ack").put("fingerprint", fp))
                .sameRefusal(403);
        both(
                        TestRelay.VIEWER,
                        "DELETE",
                        "/api/alerts/" + fp + "/ack",
                        null,
                        frame("unack").put("fingerprint", fp))
                .sameRefusal(403);
        both(
                        TestRelay.VIEWER,
                        "DELETE",
                        "/api/silences/nope",
                        null,
                        frame("expire-silence").put("silenceId", "nope"))
                .sameRefusal(403);
        Pair sub = both(TestRelay.INGEST, "GET", "/api/alerts", null, frame("subscribe"));
        sub.sameCode(403);
        assertThat(sub.ws().path("message").asText()).contains("viewer");
    }

    @Test
    void ackPersonAndExpiryAreTakenAndRefusedAlike() {
        String fp = fingerprint("DiskFull");
        both(
                        TestRelay.OPERATOR,
                        "POST",
                        "/api/alerts/" + fp + "/ack",
                        "{\"comment\":\"on it\",\"person\":\"Ana\",\"expiresIn\":\"2h\"}",
                        frame("ack")
                                .put("fingerprint", fp)
                                .put("comment", "on it")
                                .put("person", "Ana")
                                .put("expiresIn", "2h"))
                .bothDone();
        JsonNode ack = JSON.missingNode();
        for (JsonNode a :
                tree(relay.http("GET", "/api/alerts", TestRelay.VIEWER, null).body()))
            if (a.path("fingerprint").asText().equals(fp)) ack = a.path("ack");
        assertThat(ack.path("person").asText()).isEqualTo("Ana");
        assertThat(ack.path("expiresAt").asText()).isNotEmpty();
        both(
                        TestRelay.OPERATOR,
                        "POST",
                        "/api/alerts/" + fp + "/ack",
                        "{\"expiresIn\":\"5s\"}",
                        frame("ack").put("fingerprint", fp).put("expiresIn", "5s"))
                .sameRefusal(400);
    }

    @Test
    void aSilenceKeepsThePersonWhoMadeItBesideTheToken() {
        String fields = "\"matchers\":[\"alertname=DiskFull\"],\"endsAt\":\"" + LATER
                + "\",\"comment\":\"disk swap\",\"person\":\" Ana \"";
        Pair p = both(TestRelay.OPERATOR, "POST", "/api/silences", "{" + fields + "}", (ObjectNode)
                tree("{\"type\":\"silence\"," + fields + "}"));
        p.bothDone();
        assertThat(p.rest().path("person").asText()).isEqualTo("Ana");
        assertThat(p.rest().path("createdBy").asText()).isEqualTo("operator");
        String wsId = p.ws().path("silenceId").asText();
        JsonNode listed = JSON.missingNode();
        for (JsonNode s :
                tree(relay.http("GET", "/api/silences", TestRelay.VIEWER, null).body()))
            if (s.path("id").asText().equals(wsId)) listed = s;
        assertThat(listed.path("person").asText()).isEqualTo("Ana");
        // Alertmanager's clients have only createdBy: they see the person and the token
        JsonNode am = tree(relay.http("GET", "/api/v2/silence/" + wsId, TestRelay.VIEWER, null)
                .body());
        assertThat(am.path("createdBy").asText()).isEqualTo("Ana (operator)");

        String tooLong = fields.replace("\" Ana \"", "\"" + "A".repeat(101) + "\"");
        both(TestRelay.OPERATOR, "POST", "/api/silences", "{" + tooLong + "}", (ObjectNode)
                        tree("{\"type\":\"silence\"," + tooLong + "}"))
                .sameRefusal(400);
    }

    @Test
    void ackAndUnackAnswerAlike() {
        String fp = fingerprint("DiskFull");
        both(
                        TestRelay.OPERATOR,
                        "POST",
                        "/api/alerts/" + fp + "/ack",
                        "{\"comment\":\"on it\"}",
                        frame("ack").put("fingerprint", fp).put("comment", "on it"))
                .bothDone();
        both(
                        TestRelay.OPERATOR,
                        "DELETE",
                        "/api/alerts/" + fp + "/ack",
                        null,
                        frame("unack").put("fingerprint", fp))
                .bothDone();
        both(
                        TestRelay.OPERATOR,
                        "POST",
                        "/api/alerts/0000000000000000/ack",
                        "{}",
                        frame("ack").put("fingerprint", "0000000000000000"))
                .sameRefusal(404);
        both(
                        TestRelay.OPERATOR,
                        "DELETE",
                        "/api/alerts/0000000000000000/ack",
                        null,
                        frame("unack").put("fingerprint", "0000000000000000"))
                .sameRefusal(404);
        // acking a resolved alert: 409 over REST (docs/http-api.md), invalid over the socket (docs/protocol.md)
        String gone = fingerprint("Gone");
        both(
                        TestRelay.OPERATOR,
                        "POST",
                        "/api/alerts/" + gone + "/ack",
                        "{}",
                        frame("ack").put("fingerprint", gone))
                .sameRefusal(409);
        // a comment with a lone surrogate
        both(
                        TestRelay.OPERATOR,
                        "POST",
                        "/api/alerts/" + fp + "/ack",
                        "{\"comment\":\"\\ud800\"}",
                        "{\"type\":\"ack\",\"fingerprint\":\"" + fp + "\",\"comment\":\"\\ud800\"}")
                .sameRefusal(400);
    }

    @Test
    void expireAnswersAlike() {
        both(
                        TestRelay.OPERATOR,
                        "DELETE",
                        "/api/silences/no-such-id",
                        null,
                        frame("expire-silence").put("silenceId", "no-such-id"))
                .sameRefusal(404);
        Pair made = silence(TestRelay.OPERATOR, "[\"env=prod\"]", LATER);
        made.bothDone();
        String restId = made.rest().path("id").asText();
        String wsId = made.ws().path("silenceId").asText();
        HttpResponse<String> r = relay.http("DELETE", "/api/silences/" + restId, TestRelay.OPERATOR, null);
        assertThat(r.statusCode()).isEqualTo(200);
        try (WsTestClient c = WsTestClient.connect(relay.wsUri(), TestRelay.OPERATOR)) {
            c.next("welcome");
            c.send(frame("expire-silence")
                    .put("silenceId", wsId)
                    .put("id", "e1")
                    .toString());
            assertThat(c.next(n -> "e1".equals(n.path("ref").asText()))
                            .path("type")
                            .asText())
                    .isEqualTo("done");
        }
    }

    @Test
    void updateAnswersAlike() {
        String body = "\"matchers\":[\"env=prod\"],\"endsAt\":\"" + LATER + "\",\"comment\":\"longer\"";
        both(
                        TestRelay.OPERATOR,
                        "PUT",
                        "/api/silences/no-such-id",
                        "{" + body + "}",
                        "{\"type\":\"silence\",\"silenceId\":\"no-such-id\"," + body + "}")
                .sameRefusal(404);
        String restId = silence(TestRelay.OPERATOR, "[\"env=prod\"]", LATER)
                .rest()
                .path("id")
                .asText();
        String wsId = silence(TestRelay.OPERATOR, "[\"env=prod\"]", LATER)
                .rest()
                .path("id")
                .asText();
        // the same matchers: changed in place, the id stays
        HttpResponse<String> r = relay.http("PUT", "/api/silences/" + restId, TestRelay.OPERATOR, "{" + body + "}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(tree(r.body()).path("id").asText()).isEqualTo(restId);
        assertThat(tree(r.body()).path("comment").asText()).isEqualTo("longer");
        JsonNode done = ws("{\"type\":\"silence\",\"silenceId\":\"" + wsId + "\"," + body + "}");
        assertThat(done.path("type").asText()).isEqualTo("done");
        assertThat(done.path("silenceId").asText()).isEqualTo(wsId);
        // new matchers: the old one expires and a new id holds, named in both answers
        String other =
                "\"matchers\":[{\"name\":\"env\",\"value\":\"dev\",\"isRegex\":false}],\"endsAt\":\"" + LATER + "\"";
        HttpResponse<String> moved =
                relay.http("PUT", "/api/silences/" + restId, TestRelay.OPERATOR, "{" + other + "}");
        assertThat(tree(moved.body()).path("id").asText()).isNotEqualTo(restId);
        JsonNode wsMoved = ws("{\"type\":\"silence\",\"silenceId\":\"" + wsId + "\"," + other + "}");
        assertThat(wsMoved.path("silenceId").asText()).isNotEqualTo(wsId).isNotEmpty();
        for (JsonNode s :
                tree(relay.http("GET", "/api/silences", TestRelay.VIEWER, null).body())) {
            if (s.path("id").asText().equals(restId) || s.path("id").asText().equals(wsId))
                assertThat(s.path("status").asText()).isEqualTo("expired");
        }
        // a viewer may not, either way
        both(
                        TestRelay.VIEWER,
                        "PUT",
                        "/api/silences/" + restId,
                        "{" + body + "}",
                        "{\"type\":\"silence\",\"silenceId\":\"" + restId + "\"," + body + "}")
                .sameRefusal(403);
    }

    /** One WebSocket request of an operator, answered. */
    JsonNode ws(String frame) {
        String id = "w" + ids.incrementAndGet();
        try (WsTestClient c = WsTestClient.connect(relay.wsUri(), TestRelay.OPERATOR)) {
            c.next("welcome");
            c.send("{\"id\":\"" + id + "\"," + frame.substring(1));
            return c.next(n -> id.equals(n.path("ref").asText()));
        }
    }

    @Test
    void aFilterSelectsTheSameAlertsAndIsRefusedAlike() {
        // string matchers on the query, Alertmanager objects on the socket: the same alerts
        HttpResponse<String> r = relay.http(
                "GET",
                "/api/alerts?filter=" + enc("env=~pr.*") + "&filter=" + enc("severity!=info"),
                TestRelay.VIEWER,
                null);
        assertThat(r.statusCode()).isEqualTo(200);
        ObjectNode sub = (ObjectNode) tree("{\"type\":\"subscribe\",\"filter\":{\"matchers\":["
                + "{\"name\":\"env\",\"value\":\"pr.*\",\"isRegex\":true,\"isEqual\":true},"
                + "{\"name\":\"severity\",\"value\":\"info\",\"isRegex\":false,\"isEqual\":false}]}}");
        try (WsTestClient c = WsTestClient.connect(relay.wsUri(), TestRelay.VIEWER)) {
            c.next("welcome");
            c.send(sub.toString());
            JsonNode snapshot = c.next("snapshot");
            assertThat(fingerprints(snapshot.path("alerts")))
                    .isEqualTo(fingerprints(tree(r.body())))
                    .containsExactly(fingerprint("DiskFull"));
        }
        both(TestRelay.VIEWER, "GET", "/api/alerts?filter=" + enc("env=~(a"), null, filterFrame("[\"env=~(a\"]"))
                .sameRefusal(400);
        both(TestRelay.VIEWER, "GET", "/api/alerts?filter=" + enc("bad-name=x"), null, filterFrame("[\"bad-name=x\"]"))
                .sameRefusal(400);
        StringBuilder query = new StringBuilder("/api/alerts?filter=a%3Db");
        List<String> many = new ArrayList<>(List.of("\"a=b\""));
        for (int i = 1; i < 33; i++) {
            query.append("&filter=l").append(i).append("%3Dv");
            many.add("\"l" + i + "=v\"");
        }
        both(TestRelay.VIEWER, "GET", query.toString(), null, filterFrame(many.toString()))
                .sameRefusal(400);
    }

    ObjectNode filterFrame(String matchers) {
        return (ObjectNode) tree("{\"type\":\"subscribe\",\"filter\":{\"matchers\":" + matchers + "}}");
    }

    static List<String> fingerprints(JsonNode alerts) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : alerts) out.add(a.path("fingerprint").asText());
        out.sort(null);
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
