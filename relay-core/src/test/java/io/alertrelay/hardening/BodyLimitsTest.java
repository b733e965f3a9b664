package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bounds on a request body, each seen from the sender's side on a real socket: its deadline (408), the bodies
 * one address may have open (429), the bytes all bodies may hold (503), and a refusal from the headers that answers
 * without waiting for the body. Every refusal closes the connection; a body read in full keeps it open.
 */
@ExtendWith(BadInputTally.class)
class BodyLimitsTest extends BystandedTest {

    static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);
    static final Duration QUICK = Duration.ofSeconds(1);
    static final Map<String, String> INGEST = Map.of("Authorization", "Bearer " + TestRelay.INGEST);

    final List<AttackSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        serve(ThreeHooks.in(dataDir, 10_000).andThen(t -> {
            t.requestBodyTimeout = BODY_TIMEOUT;
            t.maxBodyBytesInFlight = 2L << 20; // the smallest allowed: 1 MiB for bodies not yet authenticated
        }));
    }

    @AfterEach
    void stop() {
        sockets.forEach(AttackSocket::close);
    }

    long rejected(String reason) {
        return SlowBodiesTest.rejected(relay, reason);
    }

    AttackSocket open(String from) throws Exception {
        AttackSocket s = AttackSocket.open(relay.relay.port(), from);
        sockets.add(s);
        return s;
    }

    @Test
    void aBodyNotCompleteWithinTheDeadlineGets408AndTheConnectionIsClosed() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            AttackSocket s = open("127.0.2.1").head("POST", "/api/v2/alerts", INGEST, chunked ? -1 : 1000);
            s.send(chunked ? "10\r\n[{\"labels\":{\"a\":" : "[{\"labels\":");
            assertThat(s.read(BODY_TIMEOUT.minusMillis(500)).text())
                    .as("no answer before the deadline")
                    .isEmpty();
            AttackSocket.Answer answer = s.read(Duration.ofSeconds(3));
            assertThat(answer.status()).as(answer.text()).isEqualTo(408);
            assertThat(answer.body()).contains("\"error\":\"request-timeout\"", "limits.requestBodyTimeout");
            assertThat(answer.closed()).isTrue();
        }
        assertThat(rejected("body-timeout")).isEqualTo(2);
        BadInputTally.sent("http: a body stalled before its end (Content-Length or chunked)", "408 request-timeout", 2);
        bystanders.proveNothingLost();
    }

    @Test
    void oneBodyMoreThanLimitsMaxBodiesPerIpGets429WithoutBeingRead() throws Exception {
        List<AttackSocket> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++)
            nine.add(open("127.0.3.1")
                    .head("POST", "/api/v2/alerts", INGEST, 1000)
                    .send("["));
        // one of them (whichever the relay saw last) is answered at once, from its headers
        await().atMost(Duration.ofSeconds(5)).until(() -> rejected("too-many-bodies") == 1);
        List<AttackSocket> answered = nine.stream()
                .filter(s -> !s.read(Duration.ofMillis(20)).text().isEmpty())
                .toList();
        assertThat(answered).hasSize(1);
        nine.removeAll(answered);
        AttackSocket.Answer ninth =
                open("127.0.3.1").head("POST", "/api/v2/alerts", INGEST, 1000).read(QUICK);
        assertThat(ninth.status())
                .as("one more, sending none of its body: %s", ninth.text())
                .isEqualTo(429);
        assertThat(ninth.text()).contains("Retry-After: 1", "\"error\":\"too-many-bodies\"", "limits.maxBodiesPerIp");
        assertThat(ninth.closed()).isTrue();
        assertThat(open("127.0.3.2")
                        .head("POST", "/api/v2/alerts", INGEST, 2)
                        .send("[]")
                        .response(QUICK)
                        .status())
                .as("another address")
                .isEqualTo(200);
        // a sender that goes away gives its place back
        nine.get(0).close();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> open("127.0.3.1")
                                .head("POST", "/api/v2/alerts", INGEST, 2)
                                .send("[]")
                                .response(QUICK)
                                .status()
                        == 200);
        assertThat(rejected("too-many-bodies")).isGreaterThanOrEqualTo(2);
        BadInputTally.sent("http: a ninth body at once from one address", "429 too-many-bodies, not read", 2);
        bystanders.proveNothingLost();
    }

    @Test
    void bodiesNotYetAuthenticatedHoldHalfTheBytesAndAuthenticatedSendersKeepTheRest() throws Exception {
        // a signed hook's body is read before its signature can be checked: 64 of them, 16 KiB charged each, fill
        // the unauthenticated half (1 MiB) of limits.maxBodyBytesInFlight, and a 65th does not fit
        Map<String, String> wellFormed = Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64));
        List<AttackSocket> signed = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            signed.add(open("127.0.4." + (1 + i / 8))
                    .head("POST", "/hooks/gh", wellFormed, 99)
                    .send("x"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> rejected("bodies-in-flight") == 1);
        List<AttackSocket.Answer> refused = signed.stream()
                .map(s -> s.read(Duration.ofMillis(20)))
                .filter(a -> !a.text().isEmpty())
                .toList();
        assertThat(refused).as("the one that did not fit").hasSize(1);
        assertThat(refused.get(0).status()).isEqualTo(503);
        assertThat(refused.get(0).text()).contains("Retry-After", "\"error\":\"busy\"", "limits.maxBodyBytesInFlight");
        // an authenticated push still gets in, and so does a body that grows past 16 KiB
        relay.push(Frames.alert("StillServed"));
        byte[] big = Frames.alert("Big", "pad", "x".repeat(200_000)).getBytes(StandardCharsets.UTF_8);
        assertThat(open("127.0.4.101")
                        .head("POST", "/api/v2/alerts", INGEST, big.length)
                        .send(big)
                        .response(Duration.ofSeconds(5))
                        .status())
                .isEqualTo(200);
        assertThat(rejected("bodies-in-flight")).isEqualTo(1);
        BadInputTally.sent("http: unauthenticated bodies over half of limits.maxBodyBytesInFlight", "503 busy", 1);
        bystanders.proveNothingLost();
    }

    @Test
    void aRefusalFromTheHeadersAnswersAtOnceAndClosesWithoutWaitingForTheBody() throws Exception {
        Map<String, Map<String, String>> refusals = Map.of(
                "/api/v2/alerts", Map.of("Authorization", "Bearer wrong"),
                "/api/silences", Map.of("Authorization", "Bearer " + TestRelay.VIEWER),
                "/hooks/bearer", Map.of("Authorization", "Bearer wrong"),
                "/hooks/gh", Map.of("X-Hub-Signature-256", "sha256=short"),
                "/hooks/std", Map.of("webhook-id", "m1"));
        for (Map.Entry<String, Map<String, String>> r : refusals.entrySet()) {
            AttackSocket.Answer answer = open("127.0.5.1")
                    .head("POST", r.getKey(), r.getValue(), 100_000)
                    .read(QUICK);
            assertThat(answer.status()).as("%s: %s", r.getKey(), answer.text()).isIn(401, 403);
            assertThat(answer.closed())
                    .as("%s: closed, not kept open to read 100,000 bytes", r.getKey())
                    .isTrue();
        }
        BadInputTally.sent(
                "http: a body announced behind headers that do not authenticate",
                "401/403 at once, closed",
                refusals.size());
        bystanders.awaitMoreDelivered(5);
        bystanders.proveNothingLost();
    }

    @Test
    void aSenderThatExpects100ContinueIsInvitedOnceItsHeadersPassAndRefusedWithoutIt() throws Exception {
        Map<String, String> expecting = Map.of("Authorization", "Bearer " + TestRelay.INGEST, "Expect", "100-continue");
        byte[] body = Frames.alert("Continued").getBytes(StandardCharsets.UTF_8);
        AttackSocket s = open("127.0.7.1").head("POST", "/api/v2/alerts", expecting, body.length);
        assertThat(s.read(Duration.ofMillis(500)).text())
                .as("sent at once, not after a wait")
                .startsWith("HTTP/1.1 100 Continue");
        AttackSocket.Answer answer = s.send(body).response(QUICK);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        AttackSocket.Answer refused = open("127.0.7.1")
                .head(
                        "POST",
                        "/api/v2/alerts",
                        Map.of("Authorization", "Bearer wrong", "Expect", "100-continue"),
                        body.length)
                .read(QUICK);
        assertThat(refused.statusLine()).startsWith("HTTP/1.1 401");
        assertThat(refused.closed()).isTrue();
        bystanders.proveNothingLost();
    }

    @Test
    void aBodyReadInFullKeepsItsConnectionForTheNextRequest() throws Exception {
        AttackSocket s = open("127.0.6.1");
        for (int i = 0; i < 3; i++) {
            byte[] body = Frames.alert("KeptAlive" + i).getBytes(StandardCharsets.UTF_8);
            s.head("POST", "/api/v2/alerts", INGEST, body.length).send(body);
            AttackSocket.Answer answer = s.response(QUICK);
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            assertThat(answer.closed()).isFalse();
        }
        bystanders.proveNothingLost();
    }
}
