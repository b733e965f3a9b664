package io.alertrelay.command;

import static io.alertrelay.command.Pair.frame;
import static io.alertrelay.command.Pair.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same request gives the same answer over REST and the WebSocket, for every operator command: the same
 * outcome (REST 2xx and a {@code done}, or REST 400/409 and {@code invalid}, 403 and {@code forbidden}, 404 and
 * {@code not-found}) with the same message, on a real relay over real sockets.
 */
class RestWsParityTest extends ParityFixture {

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
        both(
                        TestRelay.OPERATOR,
                        "POST",
                        "/api/alerts/" + fp + "/ack",
                        "{\"person\":\"Ana\\u202Eevil\"}",
                        frame("ack").put("fingerprint", fp).put("person", "Ana\u202Eevil"))
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
