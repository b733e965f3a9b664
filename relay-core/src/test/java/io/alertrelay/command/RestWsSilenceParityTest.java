package io.alertrelay.command;

import static io.alertrelay.command.Pair.frame;
import static io.alertrelay.command.Pair.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Silences are created, changed, expired and refused alike over REST and the WebSocket: the same outcome with
 * the same message, on a real relay over real sockets.
 */
class RestWsSilenceParityTest extends ParityFixture {

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
        // a second line, or a bidi override, would let a name pose as something else on every wall
        for (String bad : new String[] {"Ana\\nroot", "Ana\\u202Eevil"}) {
            String withBad = fields.replace("\" Ana \"", "\"" + bad + "\"");
            both(TestRelay.OPERATOR, "POST", "/api/silences", "{" + withBad + "}", (ObjectNode)
                            tree("{\"type\":\"silence\"," + withBad + "}"))
                    .sameRefusal(400);
        }
        assertThat(relay.http("GET", "/api/silences", TestRelay.VIEWER, null).body())
                .as("nothing refused was kept")
                .doesNotContain("root", "evil", "A".repeat(101));
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
}
