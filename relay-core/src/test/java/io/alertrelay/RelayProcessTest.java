package io.alertrelay;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.WsTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay as a real process: first start prints where to look and a one-time admin token (only its hash is
 * stored); SIGTERM closes sessions with 1001 and exits 0; a bad config stops start-up naming the key.
 */
class RelayProcessTest {

    private static final Pattern TOKEN_URL = Pattern.compile("(http://\\S+)/#token=(\\S+)");

    @TempDir
    Path dir;

    private Process start(Path config) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", cp, "io.alertrelay.RelayMain", "--config", config.toString())
                .redirectErrorStream(true)
                .start();
    }

    @Test
    void firstStartPrintsTheWallUrlWithATokenAndSigtermClosesSessionsWith1001() throws Exception {
        Path config = dir.resolve("relay.yaml");
        Files.writeString(config, "server: {host: 127.0.0.1, port: 0}\ndataDir: " + dir.resolve("data") + "\n");
        Process relay = start(config);
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            CompletableFuture<Matcher> found = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                        Matcher m = TOKEN_URL.matcher(line);
                        if (m.find()) return m;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                throw new IllegalStateException("relay exited without printing a token URL: " + lines);
            });
            Matcher m = found.get(60, TimeUnit.SECONDS);
            String base = m.group(1);
            String token = m.group(2);
            // drain the rest so the relay never blocks on a full pipe
            CompletableFuture.runAsync(() -> out.lines().forEach(lines::add));

            // only the token's hash is stored, in the store file or its write-ahead log
            String stored = Files.readString(
                            dir.resolve("data").resolve("relay.db"), java.nio.charset.StandardCharsets.ISO_8859_1)
                    + Files.readString(
                            dir.resolve("data").resolve("relay.db-wal"), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(stored).doesNotContain(token).contains(io.alertrelay.auth.Tokens.sha256Hex(token));

            WsTestClient c = WsTestClient.connect(URI.create(base.replace("http", "ws") + "/ws"), token);
            assertThat(c.next().path("role").asText()).isEqualTo("admin");

            relay.destroy(); // SIGTERM
            assertThat(c.awaitClose().code()).isEqualTo(1001);
            assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(relay.exitValue()).isZero();
        } finally {
            relay.destroyForcibly();
        }
    }

    @Test
    void anInvalidConfigStopsStartUpNamingTheKeyAndValue() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "server: {port: 70000}\n");
        Process relay = start(config);
        String out = new String(relay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(relay.exitValue()).isEqualTo(2);
        assertThat(out).contains("server.port").contains("70000");
    }
}
