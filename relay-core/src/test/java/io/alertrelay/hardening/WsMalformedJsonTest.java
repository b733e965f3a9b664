package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Generated malformed JSON on the WebSocket, each frame answered and followed by proof the session still works;
 * every test ends with the bystanders' proof that nobody else lost anything.
 */
@ExtendWith(BadInputTally.class)
class WsMalformedJsonTest extends BystandedTest {

    static final Set<String> ERROR_CODES = Set.of("bad-message", "invalid", "forbidden", "not-found");

    WsTestClient operator;
    WsProbe probe;
    List<String> messages;

    @BeforeEach
    void start() {
        // the corpus is sent as fast as the relay answers: the frame rate limit is not what is tested here
        // every field of every message, subscribe included, on one session: neither limit is what is tested here
        serve(t -> {
            t.framesPerSecond = 100_000;
            t.subscribesPerMinute = 10_000;
        });
        relay.push(Frames.alert("Target", "instance", "vps-01"));
        String fingerprint = relay.relay.pipeline().alerts().get(0).fingerprint();
        String silenceId = Corpus.read(relay.http(
                                "POST",
                                "/api/silences",
                                TestRelay.OPERATOR,
                                "{\"matchers\":[\"alertname=Nothing\"],\"endsAt\":\"2099-01-01T00:00:00Z\"}")
                        .body())
                .path("id")
                .asText();
        String epoch = relay.relay.pipeline().epoch();
        messages = List.of(
                "{\"type\":\"ping\",\"id\":\"p-7\"}",
                "{\"type\":\"auth\",\"token\":\"" + TestRelay.OPERATOR + "\"}",
                "{\"type\":\"subscribe\",\"id\":\"s1\",\"filter\":{\"matchers\":[\"severity=~critical|warning\",\"env=prod\"]},"
                        + "\"since\":{\"epoch\":\"" + epoch + "\",\"seq\":1}}",
                "{\"type\":\"ack\",\"id\":\"a1\",\"fingerprint\":\"" + fingerprint + "\",\"comment\":\"on it\"}",
                "{\"type\":\"unack\",\"id\":\"u1\",\"fingerprint\":\"" + fingerprint + "\"}",
                "{\"type\":\"silence\",\"id\":\"s2\",\"matchers\":[\"alertname=Nothing\",\"instance=vps-01\"],"
                        + "\"startsAt\":\"2030-01-01T00:00:00Z\",\"endsAt\":\"2030-01-02T00:00:00Z\",\"comment\":\"c\"}",
                "{\"type\":\"expire-silence\",\"id\":\"e1\",\"silenceId\":\"" + silenceId + "\"}");
        operator = relay.client(TestRelay.OPERATOR);
        probe = new WsProbe(operator);
    }

    @Test
    void everyMessageCutAtEveryByteOffsetIsAnsweredBadMessageAndTheSessionGoesOn() {
        int sent = 0;
        for (String valid : messages) {
            for (String cut : Corpus.truncations(valid)) {
                List<JsonNode> answer = probe.answer(cut);
                assertThat(answer).as("answer to %s", cut).hasSize(1);
                assertThat(answer.get(0).path("code").asText())
                        .as("answer to %s", cut)
                        .isEqualTo("bad-message");
                sent++;
            }
        }
        BadInputTally.sent("ws: truncated JSON (every byte offset)", "error bad-message, session stays", sent);
        assertThat(operator.closed).isNotDone();
        bystanders.proveNothingLost();
    }

    @Test
    void aWrongTypeInEveryFieldOfEveryMessageIsAnsweredAndTheSessionGoesOn() {
        int sent = substitute(Corpus.WRONG_TYPES);
        BadInputTally.sent("ws: wrong type in a field (every field)", probe.summary(), sent);
        bystanders.proveNothingLost();
    }

    @Test
    void hugeNumbersInEveryFieldAreAnsweredAndTheSessionGoesOn() {
        int sent = substitute(Corpus.HUGE_NUMBERS);
        BadInputTally.sent("ws: huge number in a field (every field)", probe.summary(), sent);
        bystanders.proveNothingLost();
    }

    @Test
    void stringsThatAreNotTextInEveryFieldAreAnsweredAndTheSessionGoesOn() {
        int sent = substitute(Corpus.NOT_TEXT);
        BadInputTally.sent("ws: lone surrogates, NULs, 20k chars in a field", probe.summary(), sent);
        bystanders.proveNothingLost();
    }

    @Test
    void nestingTenThousandDeepIsAnsweredBadMessage() {
        for (String deep : Corpus.deepNesting(10_000)) {
            List<JsonNode> answer = probe.answer(deep);
            assertThat(answer).hasSize(1);
            assertThat(answer.get(0).path("code").asText()).isEqualTo("bad-message");
            assertThat(answer.get(0).path("message").asText()).containsIgnoringCase("nesting depth");
        }
        BadInputTally.sent(
                "ws: nesting 10,000 deep",
                "error bad-message, session stays",
                Corpus.deepNesting(10_000).size());
        bystanders.proveNothingLost();
    }

    @Test
    void fiveMalformedFramesInARowCloseWith4400EveryTime() {
        List<String> bad = Corpus.truncations(messages.get(2));
        int sessions = 0;
        for (int start = 0; start + 5 <= bad.size(); start += 5) {
            WsTestClient c = relay.client(TestRelay.VIEWER);
            for (int i = start; i < start + 4; i++) {
                c.send(bad.get(i));
                assertThat(c.next("error").path("code").asText()).isEqualTo("bad-message");
            }
            c.send(bad.get(start + 4));
            assertThat(c.awaitClose().code()).isEqualTo(4400);
            c.close();
            sessions++;
        }
        BadInputTally.sent("ws: 5 malformed frames in a row", "close 4400 (" + sessions + " sessions)", sessions * 5L);
        bystanders.proveNothingLost();
    }

    private int substitute(List<String> values) {
        int sent = 0;
        for (String valid : messages) {
            for (String[] c : Corpus.substitutions(valid, values)) {
                List<JsonNode> answer = probe.answer(c[1]);
                // a subscribe that resumes by replay answers with the replayed changes only, and a request without
                // an id that was carried out gets no done: for those, no answer is the right answer
                boolean silentOk = valid.contains("\"subscribe\"") || c[1].contains("\"id\":null");
                if (!silentOk) assertThat(answer).as("answer to %s", c[1]).isNotEmpty();
                assertThat(answer).as("answer to %s", c[1]).allSatisfy(a -> {
                    String type = a.path("type").asText();
                    assertThat(type).as("answer to %s", c[1]).isIn("error", "done", "pong", "snapshot");
                    if (type.equals("error"))
                        assertThat(a.path("code").asText()).isIn(ERROR_CODES);
                });
                sent++;
            }
        }
        assertThat(operator.closed).isNotDone();
        return sent;
    }
}
