package io.alertrelay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code relay token ...} as its own process (as {@code ./relay token} runs it) beside a running relay that holds
 * the dataDir lock: the command needs neither the lock nor a restart.
 */
class TokenProcessTest {

    @TempDir
    Path dir;

    /** What the process printed, each stream on its own, and its exit code. */
    record Result(int code, String out, String err) {}

    private static Result run(String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", cp, "io.alertrelay.RelayMain"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the command ends").isTrue();
        return new Result(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void createListAndRevokeWorkAsAProcessBesideARunningRelay() throws Exception {
        Path dataDir = dir.resolve("data");
        try (TestRelay relay = TestRelay.start(dataDir)) {
            Path config = dir.resolve("relay.yaml");
            Files.writeString(config, "server: {port: " + relay.relay.port() + "}\ndataDir: " + dataDir + "\n");

            Result created =
                    run("token", "create", "--role", "viewer", "--name", "wall-9", "--config", config.toString());
            assertThat(created.code()).as(created.err()).isZero();
            assertThat(created.out()).doesNotContain("is serving on");
            Matcher m = TokenCommandTest.TOKEN_LINE.matcher(created.out());
            assertThat(m.find()).as(created.out()).isTrue();
            String token = m.group(1);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> relay.http("GET", "/api/alerts", token, null).statusCode() == 200);
            WsTestClient ws = relay.subscribed(token);

            Result listed = run("--config", config.toString(), "token", "list");
            assertThat(listed.code()).as(listed.err()).isZero();
            assertThat(listed.out()).containsPattern("wall-9 +viewer").doesNotContain(token);

            Result revoked = run("token", "revoke", "wall-9", "--config", config.toString());
            assertThat(revoked.code()).as(revoked.err()).isZero();
            assertThat(ws.awaitClose().code()).isEqualTo(4401);

            Result unknown = run("token", "revoke", "wall-10", "--config", config.toString());
            assertThat(unknown.code()).isEqualTo(1);
            assertThat(unknown.err()).contains("no token named 'wall-10'");
        }
    }
}
