package io.alertrelay.plugins.httpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.alertrelay.plugin.devkit.InProcessRelay;
import io.alertrelay.testing.RelayProcess;
import io.alertrelay.testing.TestRelay;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built http-probe zip in a relay running as a process of its own, probing a loopback server this test
 * turns down and up: ProbeDown fires and resolves; and when the target comes back while the relay is stopped,
 * the restarted relay resolves the alert on its first probe (the same alert, not a new one).
 */
class ProbeDownLifeIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    HttpServer target;
    volatile int status = 503;
    RelayProcess relay;

    @AfterEach
    void stop() {
        if (relay != null) relay.close();
        if (target != null) target.stop(0);
    }

    RelayProcess startRelay() throws Exception {
        return startRelay("[{name: ProbeDown, for: 1s}]");
    }

    RelayProcess startRelay(String rules) throws Exception {
        Path plugins = dir.resolve("plugins");
        if (!Files.isDirectory(plugins)) {
            Files.createDirectories(plugins);
            Path zip = InProcessRelay.builtPluginZip(Path.of(""));
            Files.copy(zip, plugins.resolve(zip.getFileName()));
        }
        String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/health";
        return RelayProcess.start(
                dir,
                dir.resolve("data"),
                0,
                "plugins:\n  dir: " + plugins + "\n"
                        + "  http-probe:\n"
                        + "    targets: [{name: shop, url: \"" + url + "\", interval: 300ms, timeout: 200ms}]\n"
                        + "    rules: " + rules + "\n");
    }

    JsonNode probeDown() throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(relay.base() + "/api/alerts"))
                        .header("Authorization", "Bearer " + TestRelay.ADMIN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (JsonNode a : JSON.readTree(r.body())) {
            if (a.path("labels").path("alertname").asText().equals("ProbeDown")) return a;
        }
        return null;
    }

    JsonNode plugin() throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(relay.base() + "/api/plugins"))
                        .header("Authorization", "Bearer " + TestRelay.ADMIN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode p : JSON.readTree(r.body())) if (p.path("id").asText().equals("http-probe")) return p;
        throw new AssertionError("no http-probe in " + r.body());
    }

    @Test
    void anOverrideOfTheCertificateLevelMovesClearAndABadOneFailsOnlyThePluginWithTheFix() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.start();
        relay = startRelay("[{name: TlsCertExpiringSoon, warning: 30}]");
        assertThat(plugin().path("state").asText()).isEqualTo("started");
        relay.stop();

        relay = startRelay("[{name: TlsCertExpiringSoon, warning: 30, clear: 21}]"); // serves: no exit 2
        JsonNode p = plugin();
        assertThat(p.path("state").asText()).isEqualTo("failed");
        assertThat(p.path("lastError").asText())
                .contains("rule TlsCertExpiringSoon")
                .contains("fires at 30 or less (direction below)")
                .contains("clear must be at or above 30")
                .contains("e.g. warning 0.10, clear 0.15")
                .doesNotContain("0.85");
        assertThat(String.join("\n", relay.output()))
                .contains("correct plugins.http-probe in the config, then restart" + " the relay")
                .doesNotContain("stays failed until POST /api/plugins/http-probe/restart");
    }

    String statusOf() throws Exception {
        JsonNode a = probeDown();
        return a == null ? "none" : a.path("status").asText();
    }

    @Test
    void probeDownFiresWhileTheTargetIsDownAndResolvesWhenItIsUpAgainAcrossARelayRestart() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", ex -> {
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        target.start();
        relay = startRelay();

        // down, then up: fires, then resolves with its resolved text
        Instant t = Instant.now();
        await("ProbeDown fires")
                .atMost(Duration.ofSeconds(30))
                .until(() -> statusOf().equals("firing"));
        long firedMs = Duration.between(t, Instant.now()).toMillis();
        status = 200;
        t = Instant.now();
        await("ProbeDown resolves on the first good probe")
                .atMost(Duration.ofSeconds(30))
                .until(() -> statusOf().equals("resolved"));
        long resolvedMs = Duration.between(t, Instant.now()).toMillis();
        JsonNode resolved = probeDown();
        assertThat(resolved.path("annotations").path("summary").asText()).endsWith("/health is up again");
        assertThat(resolved.path("annotations").path("resolved_reason").asText())
                .isEqualTo("probe.up is 1, at or above the clear level 1");

        // down again: fires (a new episode); the relay stops; the target comes back; the relay starts again
        status = 503;
        await("ProbeDown fires again")
                .atMost(Duration.ofSeconds(30))
                .until(() -> statusOf().equals("firing"));
        String startsAt = probeDown().path("startsAt").asText();
        relay.stop();
        status = 200;
        t = Instant.now();
        relay = startRelay();
        long startMs = Duration.between(t, Instant.now()).toMillis();
        t = Instant.now();
        await("the restarted relay resolves ProbeDown on its first good probe")
                .atMost(Duration.ofSeconds(30))
                .until(() -> statusOf().equals("resolved"));
        long afterRestartMs = Duration.between(t, Instant.now()).toMillis();
        JsonNode after = probeDown();
        assertThat(after.path("startsAt").asText()).isEqualTo(startsAt);
        assertThat(after.path("annotations").path("summary").asText()).endsWith("/health is up again");
        System.out.printf(
                "ProbeDownLifeIT: fired %d ms after the relay served (target down from the start; for 1s,"
                        + " probes every 300 ms),"
                        + " resolved %d ms after it came up; restarted relay served after %d ms and resolved %d ms"
                        + " later%n",
                firedMs, resolvedMs, startMs, afterRestartMs);
    }
}
