package io.alertrelay.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.testing.WsTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** WebSocket clients an attack opens (from 127.0.0.1, with a valid token), with every wait capped. */
final class Viewers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Viewers() {}

    /** A client logged in with {@code token}; its welcome (awaited at most 10 s) is consumed. */
    static WsTestClient open(HostileRelay relay, String token) {
        WsTestClient c = WsTestClient.connect(relay.wsUri(), token);
        if (first(c, ProcessBystanders.CAP, "welcome") == null) {
            c.close();
            throw new IllegalStateException("no welcome within 10 s");
        }
        return c;
    }

    /** The next frame of one of {@code types} (frames of other types are skipped), or null after {@code cap}. */
    static JsonNode first(WsTestClient c, Duration cap, String... types) {
        long until = System.nanoTime() + cap.toNanos();
        List<String> wanted = List.of(types);
        while (true) {
            long left = until - System.nanoTime();
            if (left <= 0) return null;
            JsonNode f = c.poll(Duration.ofNanos(left));
            if (f == null) return null;
            if (wanted.contains(f.path("type").asText())) return f;
        }
    }

    /** "snapshot", "error invalid", "done", ..., or "nothing within 10 s": how a request was answered. */
    static String answer(JsonNode f) {
        if (f == null) return "nothing within 10 s";
        String type = f.path("type").asText();
        return type.equals("error") ? "error " + f.path("code").asText() : type;
    }

    /** The bystander alerts (label {@code n}) of run {@code run} and attack {@code phase} the client received. */
    static Set<Integer> bystanderAlerts(WsTestClient c, String run, String phase) {
        Set<Integer> ns = new TreeSet<>();
        for (JsonNode f : c.received()) {
            String type = f.path("type").asText();
            List<JsonNode> alerts = new java.util.ArrayList<>();
            if (type.equals("alert")) alerts.add(f.path("alert"));
            if (type.equals("snapshot")) f.path("alerts").forEach(alerts::add);
            for (JsonNode a : alerts) {
                JsonNode labels = a.path("labels");
                if (labels.path("run").asText().equals(run)
                        && labels.path("phase").asText().equals(phase)) {
                    ns.add(labels.path("n").asInt());
                }
            }
        }
        return ns;
    }

    /** A frame's JSON text for a list of matcher strings. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
