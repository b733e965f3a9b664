package io.alertrelay.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.WsTestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends one frame and learns the relay's whole answer to it: a {@code ping} follows each frame, and what
 * arrives before its {@code pong} is the answer (the session's frames go out in order). Live changes
 * ({@code alert}, {@code silence}) are left out.
 */
final class WsProbe {

    private final WsTestClient client;
    private final Map<String, Integer> answers = new TreeMap<>();
    private int probes;

    WsProbe(WsTestClient client) {
        this.client = client;
    }

    List<JsonNode> answer(String frame) {
        client.send(frame);
        String id = "probe-" + ++probes;
        client.send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
        List<JsonNode> out = new ArrayList<>();
        while (true) {
            JsonNode f = client.next();
            String type = f.path("type").asText();
            if (type.equals("pong") && f.path("id").asText().equals(id)) break;
            if (!type.equals("alert") && !type.equals("silence")) out.add(f);
        }
        String key = out.isEmpty()
                ? "no answer"
                : out.get(0).path("type").asText()
                        + (out.get(0).has("code")
                                ? " " + out.get(0).path("code").asText()
                                : "");
        answers.merge(key, 1, Integer::sum);
        return out;
    }

    /** How the answers were distributed, e.g. {@code error invalid 120, done 8}. */
    String summary() {
        StringBuilder b = new StringBuilder();
        answers.forEach((k, v) ->
                b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return b.toString();
    }
}
