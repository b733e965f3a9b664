package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.auth.Tokens;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.RawWsSocket;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Requests above the token's role and forged tokens, on the WebSocket and over HTTP; nothing they ask for happens. */
@ExtendWith(BadInputTally.class)
class RolesAndTokensTest extends BystandedTest {

    static final ObjectMapper JSON = new ObjectMapper();

    String fingerprint;
    String silenceId;

    @BeforeEach
    void start() {
        serve(t -> t.framesPerSecond = 10_000);
        relay.push(Frames.alert("Target", "instance", "vps-01"));
        fingerprint = relay.relay.pipeline().alerts().get(0).fingerprint();
        silenceId = Corpus.read(relay.http(
                                "POST",
                                "/api/silences",
                                TestRelay.OPERATOR,
                                "{\"matchers\":[\"alertname=Nothing\"],\"endsAt\":\"2099-01-01T00:00:00Z\"}")
                        .body())
                .path("id")
                .asText();
    }

    @Test
    void requestsAboveTheRoleAreAnsweredForbiddenAndChangeNothing() {
        List<String> operatorOnly = List.of(
                "{\"type\":\"ack\",\"id\":\"r\",\"fingerprint\":\"" + fingerprint + "\",\"comment\":\"mine\"}",
                "{\"type\":\"unack\",\"id\":\"r\",\"fingerprint\":\"" + fingerprint + "\"}",
                "{\"type\":\"silence\",\"id\":\"r\",\"matchers\":[\"alertname=Target\"],\"endsAt\":\"2099-01-01T00:00:00Z\"}",
                "{\"type\":\"expire-silence\",\"id\":\"r\",\"silenceId\":\"" + silenceId + "\"}");
        int ws = 0;
        for (String token : List.of(TestRelay.VIEWER, TestRelay.INGEST)) {
            WsTestClient c = relay.client(token);
            WsProbe probe = new WsProbe(c);
            List<String> requests = new ArrayList<>(operatorOnly);
            if (token.equals(TestRelay.INGEST))
                requests.add("{\"type\":\"subscribe\",\"id\":\"r\",\"filter\":{\"matchers\":[]}}");
            for (int round = 0; round < 25; round++) {
                for (String r : requests) {
                    List<JsonNode> answer = probe.answer(r);
                    assertThat(answer).hasSize(1);
                    assertThat(answer.get(0).path("code").asText())
                            .as("answer to %s", r)
                            .isEqualTo("forbidden");
                    assertThat(answer.get(0).path("ref").asText()).isEqualTo("r");
                    ws++;
                }
            }
            assertThat(c.closed).isNotDone();
        }
        BadInputTally.sent("ws: requests above the role (viewer, ingest)", "error forbidden, session stays", ws);

        String ack = "/api/alerts/" + fingerprint + "/ack";
        Map<String, List<String[]>> forbidden = Map.of(
                TestRelay.VIEWER,
                        List.of(
                                new String[] {"POST", "/api/v2/alerts", Frames.alert("Sneaky")},
                                new String[] {"POST", ack, "{}"},
                                new String[] {"DELETE", ack, null},
                                new String[] {
                                    "POST",
                                    "/api/silences",
                                    "{\"matchers\":[\"a=b\"],\"endsAt\":\"2099-01-01T00:00:00Z\"}"
                                },
                                new String[] {"DELETE", "/api/silences/" + silenceId, null},
                                new String[] {"POST", "/api/plugins/any/restart", null}),
                TestRelay.INGEST,
                        List.of(
                                new String[] {"GET", "/api/alerts", null},
                                new String[] {"GET", "/api/silences", null},
                                new String[] {"GET", "/api/history", null},
                                new String[] {"GET", "/api/plugins", null},
                                new String[] {"POST", ack, "{}"},
                                new String[] {"DELETE", "/api/silences/" + silenceId, null}),
                TestRelay.OPERATOR, List.<String[]>of(new String[] {"POST", "/api/plugins/any/restart", null}));
        int http = 0;
        for (int round = 0; round < 10; round++) {
            for (Map.Entry<String, List<String[]>> e : forbidden.entrySet()) {
                for (String[] r : e.getValue()) {
                    assertThat(relay.http(r[0], r[1], e.getKey(), r[2]).statusCode())
                            .as("%s %s", r[0], r[1])
                            .isEqualTo(403);
                    http++;
                }
            }
        }
        BadInputTally.sent("http: requests above the role", "403 forbidden", http);

        // none of it happened
        assertThat(relay.relay.pipeline().alerts())
                .allSatisfy(a -> assertThat(a.ack()).isNull())
                .noneMatch(a -> a.labels().get("alertname").equals("Sneaky"));
        assertThat(relay.relay.pipeline().silences())
                .hasSize(1)
                .allSatisfy(s -> assertThat(s.id()).isEqualTo(silenceId));
        bystanders.proveNothingLost();
    }

    @Test
    void forgedTokensAreRefusedOnEveryWayIn() throws Exception {
        List<String> forged = forgedTokens();
        int header = 0;
        int frame = 0;
        int http = 0;
        for (String token : forged) {
            boolean printable = token.chars().allMatch(ch -> ch > 32 && ch < 127);
            if (printable) {
                try (RawWsSocket s = RawWsSocket.open("127.0.0.1", relay.relay.port(), token)) {
                    assertThat(s.readUntilClose(Duration.ofSeconds(10), t -> {}).closeCode())
                            .as("header %s", token)
                            .isEqualTo(4401);
                }
                header++;
                assertThat(relay.http("GET", "/api/alerts", token, null).statusCode())
                        .as("http %s", token)
                        .isEqualTo(401);
                assertThat(relay.http("POST", "/api/v2/alerts", token, Frames.alert("Forged"))
                                .statusCode())
                        .isEqualTo(401);
                http += 2;
            }
            try (RawWsSocket s = RawWsSocket.open("127.0.0.1", relay.relay.port(), null)) {
                String auth = JSON.createObjectNode()
                        .put("type", "auth")
                        .put("token", token)
                        .toString();
                s.sendFrame(1, auth.getBytes(StandardCharsets.UTF_8));
                assertThat(s.readUntilClose(Duration.ofSeconds(10), t -> {}).closeCode())
                        .as("auth frame %s", token)
                        .isEqualTo(4401);
            }
            frame++;
        }
        BadInputTally.sent("ws: forged tokens in the upgrade header", "close 4401", header);
        BadInputTally.sent("ws: forged tokens in the auth frame", "close 4401", frame);
        BadInputTally.sent("http: forged tokens", "401 unauthorized", http);
        assertThat(relay.relay.pipeline().alerts())
                .noneMatch(a -> a.labels().get("alertname").equals("Forged"));
        bystanders.proveNothingLost();
    }

    /** Near misses of every real token, the stored hash itself, JWT look-alikes, noise. */
    static List<String> forgedTokens() {
        List<String> out = new ArrayList<>();
        for (String real : List.of(TestRelay.ADMIN, TestRelay.OPERATOR, TestRelay.VIEWER, TestRelay.INGEST)) {
            for (int i = 0; i < real.length(); i++) {
                out.add(real.substring(0, i)
                        + (char) (real.charAt(i) ^ 1)
                        + real.substring(i + 1)); // one character off
                if (i > 0) out.add(real.substring(0, i)); // cut short
            }
            out.add(real + "x");
            out.add(real.toUpperCase(java.util.Locale.ROOT));
            out.add(Tokens.sha256Hex(real)); // the stored hash
            out.add(Base64.getEncoder().encodeToString(real.getBytes(StandardCharsets.UTF_8)));
        }
        String none = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"sub\":\"admin\",\"role\":\"admin\"}".getBytes(StandardCharsets.UTF_8));
        out.add(none + "." + claims + ".");
        out.add(none + "." + claims + ".c2lnbmF0dXJl");
        out.add("ar_" + "A".repeat(43));
        out.add("x".repeat(8_000));
        out.add("Bearer");
        out.add("test-admin-token\u0000");
        out.add("tést-admin-token");
        out.add("\ud83d\udd11");
        out.add("\"; DROP TABLE tokens; --");
        return out;
    }
}
