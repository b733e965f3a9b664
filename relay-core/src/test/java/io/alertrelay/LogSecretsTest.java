package io.alertrelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.auth.Tokens;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.WsTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The relay as a real process, in each log format, at DEBUG: every way in is used with a good and a bad secret
 * (bearer header, auth frame, REST bearer, webhook token, webhook HMAC secret), and no secret appears anywhere in
 * what it printed, while the lines an operator needs (open, close with code, reason, role and duration) do.
 */
class LogSecretsTest {

    private static final String VIEWER = "secret-viewer-token-Zq81";
    private static final String INGEST = "secret-ingest-token-Kp27";
    private static final String WRONG = "secret-wrong-token-Xv55";
    private static final String HOOK_TOKEN = "secret-hook-token-Hh90";
    private static final String HMAC_SECRET = "secret-hmac-key-Mm42";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "RELAY_LOG_FORMAT={0}")
    @ValueSource(strings = {"text", "json"})
    void noTokenOrSecretIsEverLoggedOnSuccessOrFailure(String format) throws Exception {
        Path config = dir.resolve("relay.yaml");
        Files.writeString(config, """
                server: {host: 127.0.0.1, port: 0}
                dataDir: %s
                auth:
                  tokens:
                    - {name: wall-1, role: viewer, sha256: "%s"}
                    - {name: prometheus, role: ingest, sha256: "%s"}
                plugins:
                  webhooks:
                    hooks:
                      - {name: by-token, format: alertmanager, tokenSha256: "%s"}
                      - {name: by-hmac, format: generic, hmacSecretEnv: LOG_TEST_HOOK_SECRET}
                """.formatted(
                dir.resolve("data"), Tokens.sha256Hex(VIEWER), Tokens.sha256Hex(INGEST), Tokens.sha256Hex(HOOK_TOKEN)));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java, "-cp", cp, "io.alertrelay.RelayMain", "--config", config.toString())
                .redirectErrorStream(true);
        pb.environment().put("RELAY_LOG_FORMAT", format);
        pb.environment().put("RELAY_LOG_LEVEL", "DEBUG");
        pb.environment().put("LOG_TEST_HOOK_SECRET", HMAC_SECRET);
        Process relay = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) lines.add(line);
            } catch (Exception e) {
                lines.add("<read failed: " + e + ">");
            }
        });
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> lines.stream().anyMatch(l -> l.contains("is serving on")));
            String base = lines.stream()
                    .filter(l -> l.contains("is serving on"))
                    .findFirst()
                    .orElseThrow()
                    .replaceAll(".*is serving on (\\S+).*", "$1");
            URI ws = URI.create(base.replaceFirst("^http", "ws") + "/ws");

            WsTestClient header = WsTestClient.connect(ws, VIEWER); // bearer header, good
            header.next("welcome");
            header.close();
            WsTestClient badHeader = WsTestClient.connect(ws, WRONG); // bearer header, wrong
            assertThat(badHeader.awaitClose().code()).isEqualTo(4401);
            WsTestClient frame = WsTestClient.connect(ws, null); // auth frame, good
            frame.auth(VIEWER);
            frame.close();
            WsTestClient badFrame = WsTestClient.connect(ws, null); // auth frame, wrong
            badFrame.send("{\"type\":\"auth\",\"token\":\"" + WRONG + "\"}");
            assertThat(badFrame.awaitClose().code()).isEqualTo(4401);

            assertThat(post(base + "/api/v2/alerts", "Bearer " + INGEST, null, Frames.alert("Logged")))
                    .isEqualTo(200);
            assertThat(post(base + "/api/v2/alerts", "Bearer " + WRONG, null, Frames.alert("Logged")))
                    .isEqualTo(401);
            // the format plugins are not on this class path: a hook that passes authentication answers 503
            assertThat(post(base + "/hooks/by-token", "Bearer " + HOOK_TOKEN, null, "{}"))
                    .isEqualTo(503);
            assertThat(post(base + "/hooks/by-token", "Bearer " + WRONG, null, "{}"))
                    .isEqualTo(401);
            assertThat(post(base + "/hooks/by-hmac", null, hmac(HMAC_SECRET, "{}"), "{}"))
                    .isEqualTo(503);
            assertThat(post(base + "/hooks/by-hmac", null, hmac(WRONG, "{}"), "{}"))
                    .isEqualTo(401);

            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            lines.stream().filter(l -> l.contains("ws close")).count() >= 4);
            relay.destroy();
            assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
            drained.get(10, TimeUnit.SECONDS);
        } finally {
            relay.destroyForcibly();
        }

        String all = String.join("\n", lines);
        for (String secret : List.of(VIEWER, INGEST, WRONG, HOOK_TOKEN, HMAC_SECRET)) {
            assertThat(all).as("the output must not contain %s", secret).doesNotContain(secret);
        }
        List<String> log = lines.stream()
                .filter(l -> l.contains("ws open") || l.contains("ws close") || l.contains("refused a request"))
                .toList();
        assertThat(log)
                .anyMatch(l -> l.contains("ws open ip=127.0.0.1 who=wall-1 role=viewer via=header"))
                .anyMatch(l -> l.contains("ws open ip=127.0.0.1 who=wall-1 role=viewer via=frame"))
                .anyMatch(l ->
                        l.matches(".*ws close ip=127.0.0.1 who=wall-1 role=viewer code=1000 reason=\\\\?\"bye\\\\?\""
                                + " duration=\\d+\\.\\d{3}s.*"))
                .anyMatch(l -> l.contains("who=- role=- code=4401 reason=") && l.contains("unknown token"))
                .anyMatch(l -> l.contains("who=- role=- code=4401 reason=") && l.contains("unknown token"))
                .anyMatch(l -> l.contains("hook by-hmac refused a request"));
        if (format.equals("json")) {
            ObjectMapper json = new ObjectMapper();
            for (String line : lines) {
                if (!line.startsWith("{")) continue; // the banner goes to standard output, which this test merges
                JsonNode n = json.readTree(line);
                assertThat(n.has("timestamp") && n.has("level") && n.has("loggerName") && n.has("formattedMessage"))
                        .as(line)
                        .isTrue();
            }
            assertThat(lines.stream().filter(l -> l.startsWith("{")).count()).isGreaterThan(5);
            assertThat(log).allMatch(l -> l.startsWith("{"));
        } else {
            assertThat(log).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  .*"));
        }
    }

    @Test
    void anUnknownLogFormatStopsStartUpAndAnEmptyOneMeansText() throws Exception {
        Path config = Files.writeString(
                dir.resolve("relay.yaml"),
                "server: {host: 127.0.0.1, port: 0}\ndataDir: " + dir.resolve("data") + "\n");
        Process bad = relay(config, "JSON");
        String out = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(out)
                .contains("config error in environment variable RELAY_LOG_FORMAT: \"JSON\" is not a log format;"
                        + " expected text (the default) or json, in lower case");

        Process empty = relay(config, "");
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(empty.getInputStream(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() ->
                    r.lines().filter(l -> l.contains("serving on")).findFirst().orElse("<exited>"));
            assertThat(served.get(60, TimeUnit.SECONDS)).matches("\\d{4}-.*Z INFO  Relay relay .* serving on .*");
        } finally {
            empty.destroyForcibly();
        }
    }

    private static Process relay(Path config, String format) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java, "-cp", cp, "io.alertrelay.RelayMain", "--config", config.toString())
                .redirectErrorStream(true);
        pb.environment().put("RELAY_LOG_FORMAT", format);
        return pb.start();
    }

    private static int post(String url, String authorization, String signature, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) b.header("Authorization", authorization);
        if (signature != null) b.header("X-Hub-Signature-256", signature);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
