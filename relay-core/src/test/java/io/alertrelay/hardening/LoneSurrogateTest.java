package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.auth.Tokens;
import io.alertrelay.config.PluginsConfig;
import io.alertrelay.hardening.fixtures.JsonLabelsFormat;
import io.alertrelay.plugin.TestPluginJar;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lone surrogates ({@code "\}{@code ud800"} in JSON: half a UTF-16 pair) on every way in. They have no UTF-8
 * form, so {@code "\}{@code udbff"}, {@code "\}{@code ud800"} and {@code "?"} were one fingerprint and one alert
 * resolved another. Now every label, annotation, matcher and comment with one is refused with a clear error, and
 * {@code "?"} is an alert of its own. JSON texts here are written by hand: the escapes are what a sender puts on
 * the wire.
 */
@ExtendWith(BadInputTally.class)
class LoneSurrogateTest extends BystandedTest {

    static final String HOOK_TOKEN = "lone-surrogate-hook-token";
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        TestPluginJar.write(dataDir.resolve("plugins"), "test-json-format", ">=1.0.0 & <2.0.0", JsonLabelsFormat.class);
        Map<String, Object> webhooks = Map.of(
                "hooks",
                List.of(Map.of("name", "json", "format", "json-labels", "tokenSha256", Tokens.sha256Hex(HOOK_TOKEN))));
        serve(t ->
                t.config = c -> c.withPlugins(new PluginsConfig(null, Map.of("webhooks", JSON.valueToTree(webhooks)))));
    }

    @Test
    void pushesWithALoneSurrogateAreRefusedAndCannotResolveTheQuestionMarkAlert() throws Exception {
        relay.push("[{\"labels\":{\"alertname\":\"Lone\",\"x\":\"?\"}}]");
        String question = onlyAlert("Lone").path("fingerprint").asText();
        int sent = 0;
        for (String lone : List.of("\\udbff", "\\ud800", "a\\udc00", "\\ude00\\ud83d")) {
            // a resolve of {x=<lone>} would have resolved {x="?"}
            HttpResponse<String> r = relay.http(
                    "POST",
                    "/api/v2/alerts",
                    TestRelay.INGEST,
                    "[{\"labels\":" + "{\"alertname\":\"Lone\",\"x\":\"" + lone
                            + "\"},\"endsAt\":\"2020-01-01T00:00:00Z\"}]");
            sent++;
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(error(r)).isEqualTo("bad-alert");
            assertThat(message(r))
                    .startsWith("alert 0 has label 'x' whose value is not valid Unicode (a lone" + " surrogate \\u")
                    .contains("counting from 0)")
                    .contains("U+FFFD")
                    .endsWith("nothing in this request was stored");
        }
        JsonNode still = onlyAlert("Lone");
        assertThat(still.path("fingerprint").asText()).isEqualTo(question);
        assertThat(still.path("status").asText()).isEqualTo("firing");

        // the second alert of a batch, an annotation, a label name: named, and nothing of the batch is kept
        HttpResponse<String> batch = relay.http(
                "POST",
                "/api/v2/alerts",
                TestRelay.INGEST,
                "[{\"labels\":{\"alertname\":\"Kept\"}},{\"labels\":{\"alertname\":\"B\"},"
                        + "\"annotations\":{\"summary\":\"cut \\ud83d\"}}]");
        assertThat(batch.statusCode()).isEqualTo(400);
        assertThat(message(batch))
                .startsWith("alert 1 has annotation 'summary' whose value is not valid Unicode"
                        + " (a lone surrogate \\ud83d at character 4, counting from 0)");
        HttpResponse<String> name = relay.http(
                "POST", "/api/v2/alerts", TestRelay.INGEST, "[{\"labels\":{\"alertname\":\"B\",\"\\udfff\":\"v\"}}]");
        // Jackson itself refuses a lone surrogate in a field name (AlertValidation would, after it)
        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(message(name)).contains("surrogate").endsWith("nothing in this request was stored");
        sent += 2;
        assertThat(relay.http("GET", "/api/alerts", TestRelay.VIEWER, null).body())
                .doesNotContain("Kept");

        // a webhook format that hands the relay such a label
        HttpResponse<String> hook = relay.http(
                "POST", "/hooks/json", HOOK_TOKEN, "{\"labels\":{\"alertname\":\"Hook\",\"x\":\"\\ud800\"}}");
        sent++;
        assertThat(hook.statusCode()).as(hook.body()).isEqualTo(400);
        assertThat(error(hook)).isEqualTo("bad-alert");
        assertThat(message(hook)).startsWith("alert 0 has label 'x' whose value is not valid Unicode");
        assertThat(relay.http("POST", "/hooks/json", HOOK_TOKEN, "{\"labels\":{\"alertname\":\"Hook\",\"x\":\"?\"}}")
                        .statusCode())
                .isEqualTo(200);

        BadInputTally.sent(
                "http: lone surrogates in labels, annotations, names", "400 bad-alert naming the label", sent);
        bystanders.proveNothingLost();
    }

    @Test
    void silencesFiltersAndCommentsWithALoneSurrogateGetAClearError() throws Exception {
        relay.push("[{\"labels\":{\"alertname\":\"Lone\",\"x\":\"?\"}}]");
        String fp = onlyAlert("Lone").path("fingerprint").asText();
        WsTestClient op = relay.client(TestRelay.OPERATOR);
        String until = "2099-01-01T00:00:00Z";
        List<String> frames = List.of(
                "{\"type\":\"silence\",\"id\":\"s1\",\"matchers\":[\"x=\\\"\\ud800\\\"\"],\"endsAt\":\"" + until
                        + "\"}",
                "{\"type\":\"silence\",\"id\":\"s2\",\"matchers\":[\"x=~\\\"a\\udbff\\\"\"],\"endsAt\":\"" + until
                        + "\"}",
                "{\"type\":\"silence\",\"id\":\"s3\",\"matchers\":[\"x=\\\"?\\\"\"],\"endsAt\":\"" + until
                        + "\",\"comment\":\"\\udc00\"}",
                "{\"type\":\"subscribe\",\"id\":\"s4\",\"filter\":{\"matchers\":[\"x=\\\"\\ud800\\\"\"]}}",
                "{\"type\":\"ack\",\"id\":\"s5\",\"fingerprint\":\"" + fp + "\",\"comment\":\"on it \\ud83d\"}");
        for (String frame : frames) {
            op.send(frame);
            JsonNode e = op.next("error");
            assertThat(e.path("code").asText()).as(frame).isEqualTo("invalid");
            assertThat(e.path("message").asText()).as(frame).contains("is not valid Unicode (a lone surrogate");
        }
        HttpResponse<String> rest = relay.http(
                "POST",
                "/api/silences",
                TestRelay.OPERATOR,
                "{\"matchers\":[{\"name\":\"x\",\"value\":\"\\ud800\",\"isRegex\":false}],\"endsAt\":\"" + until
                        + "\"}");
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(400);
        assertThat(error(rest)).isEqualTo("bad-silence");
        assertThat(message(rest)).contains("the value of the matcher on label 'x' is not valid Unicode");
        HttpResponse<String> ack =
                relay.http("POST", "/api/alerts/" + fp + "/ack", TestRelay.OPERATOR, "{\"comment\":\"\\udfff\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(400);
        assertThat(message(ack)).contains("\"comment\" is not valid Unicode");

        assertThat(relay.relay.pipeline().silences()).isEmpty();
        assertThat(onlyAlert("Lone").path("ack").isNull()).isTrue();
        // and the same requests with valid text work
        op.send("{\"type\":\"silence\",\"id\":\"ok\",\"matchers\":[\"x=\\\"?\\\"\"],\"endsAt\":\"" + until
                + "\",\"comment\":\"😀\"}");
        assertThat(op.next("done").path("ref").asText()).isEqualTo("ok");
        BadInputTally.sent(
                "ws and http: lone surrogates in matchers and comments", "error invalid, 400", frames.size() + 2);
        bystanders.proveNothingLost();
    }

    private JsonNode onlyAlert(String name) throws Exception {
        JsonNode all = JSON.readTree(relay.http("GET", "/api/alerts?filter=alertname%3D" + name, TestRelay.VIEWER, null)
                .body());
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static String error(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("error").asText();
    }

    private static String message(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("message").asText();
    }
}
