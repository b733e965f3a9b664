package io.alertrelay.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** One REST answer and one WebSocket answer to the same request. */
record Pair(int status, JsonNode rest, JsonNode ws) {

    static final Map<Integer, String> WS_CODE =
            Map.of(400, "invalid", 409, "invalid", 403, "forbidden", 404, "not-found");

    /** Both refused alike: the mapped codes agree and the messages are the same text. */
    void sameRefusal(int expectedStatus) {
        sameCode(expectedStatus);
        assertThat(ws.path("message").asText())
                .isEqualTo(rest.path("message").asText())
                .isNotEmpty();
    }

    /** Refused alike where the two requests are different commands (a list and a subscribe). */
    void sameCode(int expectedStatus) {
        assertThat(status).as(rest.toString()).isEqualTo(expectedStatus);
        assertThat(ws.path("type").asText()).as(ws.toString()).isEqualTo("error");
        assertThat(ws.path("code").asText()).isEqualTo(WS_CODE.get(expectedStatus));
    }

    void bothDone() {
        assertThat(status).as(rest.toString()).isBetween(200, 201);
        assertThat(ws.path("type").asText()).as(ws.toString()).isEqualTo("done");
    }

    static JsonNode tree(String s) {
        try {
            return s.isEmpty() ? RestWsParityTest.JSON.createObjectNode() : RestWsParityTest.JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static ObjectNode frame(String type) {
        return RestWsParityTest.JSON.createObjectNode().put("type", type);
    }
}
