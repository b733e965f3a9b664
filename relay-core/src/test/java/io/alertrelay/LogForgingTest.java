package io.alertrelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertrelay.auth.Tokens;
import io.alertrelay.logging.LogText;
import io.alertrelay.testing.WsTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The relay as a real process, in each log format: clients put line breaks, quotes, control characters and
 * lone surrogates into what the relay logs of theirs (a WebSocket close reason, before and after signing in, and
 * a resume's {@code since.epoch}); no line of the output is one they wrote, and their text is in the line it
 * belongs to, escaped, and can be read back intact.
 */
class LogForgingTest {

    private static final String VIEWER = "forging-test-viewer-token";
    /** What an attacker would like the log to show as a line of its own. */
    private static final String FORGED = "2026-01-01T00:00:00.000Z WARN  Relay FORGED";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Writes every non-ASCII character as a JSON escape, lone surrogates included. */
    private static final ObjectMapper ASCII_JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "RELAY_LOG_FORMAT={0}")
    @ValueSource(strings = {"text", "json"})
    void clientTextNeverStartsALineOfItsOwn(String format) throws Exception {
        // each fits a close frame's 123 bytes
        String anonymousReason = "bye\"\n" + FORGED + "-1 \\ \r\t\u001b[31m";
        String signedInReason = "bye\u2028" + FORGED + "-2\u2029\u0085";
        // a close reason is UTF-8 on the wire, so a lone surrogate can only come in a JSON escape
        String epoch = "0123456789abcdef\r\n" + FORGED + "-3 \"quoted\" \u0000\ud800";
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        Process relay = start(format, lines, drained);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> lines.stream().anyMatch(l -> l.contains("is serving on")));
            String base = lines.stream()
                    .filter(l -> l.contains("is serving on"))
                    .findFirst()
                    .orElseThrow()
                    .replaceAll(".*is serving on (\\S+).*", "$1");
            URI ws = URI.create(base.replaceFirst("^http", "ws") + "/ws");

            WsTestClient anonymous = WsTestClient.connect(ws, null); // no token: the close reason is logged anyway
            anonymous.socket().sendClose(4000, anonymousReason).get(10, TimeUnit.SECONDS);
            anonymous.awaitClose();

            WsTestClient wall = WsTestClient.connect(ws, VIEWER);
            wall.next("welcome");
            ObjectNode resume = JSON.createObjectNode().put("type", "subscribe");
            resume.putObject("filter").putArray("matchers");
            resume.putObject("since").put("epoch", epoch).put("seq", 7);
            wall.send(ASCII_JSON.writeValueAsString(resume));
            assertThat(wall.next("snapshot").path("reset").asBoolean()).isTrue();
            wall.socket().sendClose(1000, signedInReason).get(10, TimeUnit.SECONDS);
            wall.awaitClose();

            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            lines.stream().filter(l -> l.contains("ws close")).count() >= 2);
            relay.destroy();
            assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
            drained.get(10, TimeUnit.SECONDS);
        } finally {
            relay.destroyForcibly();
        }

        assertThat(lines).as("lines that start with the forged text").noneMatch(l -> l.startsWith(FORGED));
        List<String> carrying = lines.stream().filter(l -> l.contains("FORGED")).toList();
        assertThat(carrying).as("lines carrying client text").hasSize(3);
        for (String line : lines) {
            // the banner, on standard output, which this test merges
            if (line.startsWith("Alert Relay ") || line.startsWith("  ") || line.isEmpty()) continue;
            if (format.equals("text")) {
                assertThat(line)
                        .as("every text line is one of the relay's")
                        .matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z [A-Z]+ +\\S+ .*");
                assertThat(line)
                        .as("no control characters or line separators")
                        .doesNotContainPattern("[\\p{Cntrl}\u0085\u2028\u2029]");
            } else {
                assertThat(JSON.readTree(line).has("formattedMessage")).as(line).isTrue();
            }
        }
        String close1 = message(format, carrying, "ws close", "-1");
        String close2 = message(format, carrying, "ws close", "-2");
        String resumed = message(format, carrying, "ws resume", "-3");
        assertThat(close1).contains("who=- role=- code=4000 reason=" + LogText.quote(anonymousReason) + " duration=");
        assertThat(close2).contains("who=viewer role=viewer code=1000 reason=" + LogText.quote(signedInReason));
        assertThat(resumed).contains("who=viewer since=" + LogText.value(epoch) + "/7 outcome=reset");
        // the quoted text reads back as exactly what the client sent
        assertThat(LogText.unquote(between(close1, "reason=", " duration="))).isEqualTo(anonymousReason);
        assertThat(LogText.unquote(between(close2, "reason=", " duration="))).isEqualTo(signedInReason);
        assertThat(LogText.unquote(between(resumed, "since=", "/7 outcome"))).isEqualTo(epoch);
    }

    /** The message of the one line that has {@code what} and {@code tag}: the formattedMessage in JSON. */
    private static String message(String format, List<String> lines, String what, String tag) throws Exception {
        String line = lines.stream()
                .filter(l -> l.contains(what) && l.contains("FORGED" + tag))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + what + " line for " + tag + " in " + lines));
        return format.equals("json")
                ? JSON.readTree(line).path("formattedMessage").asText()
                : line;
    }

    private static String between(String s, String start, String end) {
        int from = s.indexOf(start) + start.length();
        return s.substring(from, s.indexOf(end, from));
    }

    private Process start(String format, List<String> lines, CompletableFuture<Void> drained) throws Exception {
        Path config = Files.writeString(
                dir.resolve("relay.yaml"), """
                server: {host: 127.0.0.1, port: 0}
                dataDir: %s
                auth:
                  tokens:
                    - {name: viewer, role: viewer, sha256: "%s"}
                """.formatted(dir.resolve("data"), Tokens.sha256Hex(VIEWER)));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java, "-cp", cp, "io.alertrelay.RelayMain", "--config", config.toString())
                .redirectErrorStream(true);
        pb.environment().put("RELAY_LOG_FORMAT", format);
        Process relay = pb.start();
        CompletableFuture.runAsync(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) lines.add(line);
            } catch (java.io.IOException closedAtExit) {
                // the process is gone and took its output with it: everything before is read
            } finally {
                drained.complete(null);
            }
        });
        return relay;
    }
}
