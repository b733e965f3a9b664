package io.alertrelay.command;

import static io.alertrelay.command.Pair.frame;
import static io.alertrelay.command.Pair.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real relay with three alerts (one of them resolved), and the same request sent over REST and over the
 * WebSocket: what RestWsParityTest and RestWsSilenceParityTest compare.
 */
abstract class ParityFixture {

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

    /** One WebSocket request of an operator, answered. */
    JsonNode ws(String frame) {
        String id = "w" + ids.incrementAndGet();
        try (WsTestClient c = WsTestClient.connect(relay.wsUri(), TestRelay.OPERATOR)) {
            c.next("welcome");
            c.send("{\"id\":\"" + id + "\"," + frame.substring(1));
            return c.next(n -> id.equals(n.path("ref").asText()));
        }
    }
}
