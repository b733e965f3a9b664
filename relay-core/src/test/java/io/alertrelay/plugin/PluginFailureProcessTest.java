package io.alertrelay.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.plugin.fixtures.SteadySource;
import io.alertrelay.plugin.fixtures.ThrowingStartSource;
import io.alertrelay.plugin.fixtures.TripwireSource;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.RelayProcess;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin failure end to end, on a relay process, as a wall sees it over a real WebSocket: a new build whose
 * start() throws replaces a running plugin, RelayPluginFailed appears, the plugin's alert goes stale and is
 * resolved after the grace; the next build runs its new code and RelayPluginFailed resolves. And a stale mark
 * survives a SIGKILL of the relay with its since.
 */
class PluginFailureProcessTest {

    static final String REQUIRES = PluginHostTest.REQUIRES;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The folder is polled every 5 s and a file is taken once it settled over two polls; a start takes a moment. */
    static final Duration FOLDER = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    RelayProcess relay;
    WsTestClient wall;

    @AfterEach
    void stop() {
        if (wall != null) wall.close();
        if (relay != null) relay.close();
    }

    Path plugins() {
        return dir.resolve("data").resolve("plugins");
    }

    RelayProcess start(String pluginsYaml) throws IOException {
        return RelayProcess.start(dir, dir.resolve("data"), 0, "plugins:\n" + pluginsYaml);
    }

    WsTestClient wall(RelayProcess r) {
        WsTestClient c = WsTestClient.connect(URI.create(r.base().replace("http", "ws") + "/ws"), TestRelay.VIEWER);
        c.next("welcome");
        c.send(Frames.subscribe());
        return c;
    }

    /** The alerts the wall was sent (snapshots and alert frames), latest version of each last. */
    static List<JsonNode> alertsSeen(WsTestClient c) {
        return c.received().stream()
                .<JsonNode>mapMulti((f, out) -> {
                    if (f.path("type").asText().equals("alert")) out.accept(f.path("alert"));
                    if (f.path("type").asText().equals("snapshot"))
                        f.path("alerts").forEach(out);
                })
                .toList();
    }

    static Optional<JsonNode> latest(WsTestClient c, String alertname) {
        List<JsonNode> of = alertsSeen(c).stream()
                .filter(a -> a.path("labels").path("alertname").asText().equals(alertname))
                .toList();
        return of.isEmpty() ? Optional.empty() : Optional.of(of.get(of.size() - 1));
    }

    static JsonNode awaitAlert(WsTestClient c, String alertname, Duration within, Predicate<JsonNode> check) {
        await().atMost(within).until(() -> latest(c, alertname).filter(check).isPresent());
        return latest(c, alertname).orElseThrow();
    }

    static boolean firing(JsonNode a) {
        return a.path("status").asText().equals("firing");
    }

    JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(relay.base() + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    JsonNode plugin(String id) throws Exception {
        for (JsonNode p : get("/api/plugins", TestRelay.VIEWER))
            if (p.path("id").asText().equals(id)) return p;
        return JSON.readTree("{}");
    }

    @Test
    void aBuildThatThrowsInStartIsOnTheWallItsAlertGoesStaleAndTheNextBuildClearsIt() throws Exception {
        TestPluginZip.write(plugins(), "flaky-1.0.0.zip", "flaky", "1.0.0", REQUIRES, TripwireSource.class);
        relay = start("  staleResolveAfter: 4s\n  flaky: {value: 7}\n");
        wall = wall(relay);
        JsonNode raised = awaitAlert(wall, "TestValueHigh", Duration.ofSeconds(20), a -> firing(a));
        assertThat(raised.path("source").asText()).isEqualTo("flaky");
        assertThat(raised.path("stale").isNull()).isTrue();

        // a new build whose start() throws replaces the running one
        TestPluginZip.drop(plugins(), "flaky-1.1.0.zip", "flaky", "1.1.0", REQUIRES, ThrowingStartSource.class);
        JsonNode failed = awaitAlert(wall, "RelayPluginFailed", FOLDER, a -> firing(a));
        assertThat(failed.path("labels").path("plugin").asText()).isEqualTo("flaky");
        assertThat(failed.path("labels").path("severity").asText()).isEqualTo("warning");
        assertThat(failed.path("source").asText()).isEqualTo("relay");
        assertThat(failed.path("annotations").path("summary").asText())
                .isEqualTo("Plugin flaky failed: start() of " + ThrowingStartSource.class.getName()
                        + " threw IllegalStateException: cannot open /dev/nothing");
        assertThat(plugin("flaky").path("version").asText()).isEqualTo("1.1.0");
        assertThat(plugin("flaky").path("state").asText()).isEqualTo("failed");

        JsonNode stale = awaitAlert(
                wall,
                "TestValueHigh",
                Duration.ofSeconds(10),
                a -> firing(a) && a.path("stale").isObject());
        assertThat(stale.path("stale").path("reason").asText()).startsWith("plugin flaky failed: start() of");
        Instant since = Instant.parse(stale.path("stale").path("since").asText());

        JsonNode resolved = awaitAlert(wall, "TestValueHigh", Duration.ofSeconds(20), a -> !firing(a));
        assertThat(Instant.parse(resolved.path("endsAt").asText())).isEqualTo(since.plusSeconds(4));
        assertThat(resolved.path("annotations").path("summary").asText())
                .startsWith("Resolved by the relay without word from its source since " + since);
        assertThat(resolved.path("annotations").path("firingSummary").asText()).isEqualTo("test.value is 7");
        // the REST answer carries the same field
        JsonNode listed = get("/api/alerts?filter=alertname%3DTestValueHigh", TestRelay.VIEWER)
                .get(0);
        assertThat(listed.path("stale").path("since").asText()).isEqualTo(since.toString());
        assertThat(listed.path("status").asText()).isEqualTo("resolved");

        // the next build runs its own code, and the wall learns the plugin is back
        TestPluginZip.drop(plugins(), "flaky-1.2.0.zip", "flaky", "1.2.0", REQUIRES, SteadySource.class);
        awaitAlert(wall, "RelayPluginFailed", FOLDER, a -> !firing(a));
        JsonNode again = awaitAlert(wall, "TestValueHigh", Duration.ofSeconds(10), a -> firing(a));
        assertThat(again.path("stale").isNull()).isTrue();
        assertThat(plugin("flaky").path("sources").get(0).asText()).isEqualTo(SteadySource.class.getName());
        assertThat(plugin("flaky").path("version").asText()).isEqualTo("1.2.0");
        try (var files = Files.list(plugins())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".zip")))
                    .containsExactly("flaky-1.2.0.zip");
        }
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create(relay.base() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .contains("relay_plugin_up{plugin=\"flaky\"} 1.0")
                .contains("relay_plugin_stuck_threads{plugin=\"flaky\"} 0.0");
    }

    @Test
    void aStaleMarkSurvivesAKilledRelayAndARestartOfThePluginTakesItOff() throws Exception {
        Path tripwire = dir.resolve("tripwire");
        TestPluginZip.write(plugins(), "flaky.zip", "flaky", "1.0.0", REQUIRES, TripwireSource.class);
        // the tripwire fails the running task, and after the restart start() itself
        String yaml = "  staleResolveAfter: 1h\n  flaky: {taskTripwire: \"" + tripwire + "\", startTripwire: \""
                + tripwire + "\"}\n";
        relay = start(yaml);
        wall = wall(relay);
        awaitAlert(wall, "TestValueHigh", Duration.ofSeconds(20), a -> firing(a));
        Files.writeString(tripwire, "");
        JsonNode stale = awaitAlert(
                wall,
                "TestValueHigh",
                Duration.ofSeconds(20),
                a -> a.path("stale").isObject());
        String since = stale.path("stale").path("since").asText();
        awaitAlert(wall, "RelayPluginFailed", Duration.ofSeconds(10), a -> firing(a));

        wall.close();
        relay.kill();
        relay = start(yaml); // the tripwire is still there: the plugin fails again, in start()
        wall = wall(relay);
        JsonNode snapshot = wall.next("snapshot");
        JsonNode stored = null;
        for (JsonNode a : snapshot.path("alerts")) {
            if (a.path("labels").path("alertname").asText().equals("TestValueHigh")) stored = a;
        }
        assertThat(stored).as("in the snapshot after the restart").isNotNull();
        assertThat(firing(stored)).isTrue();
        assertThat(stored.path("stale").path("since").asText())
                .as("the grace goes on from the first failure")
                .isEqualTo(since);
        awaitAlert(wall, "RelayPluginFailed", Duration.ofSeconds(20), a -> firing(a));
        assertThat(latest(wall, "TestValueHigh")
                        .orElseThrow()
                        .path("stale")
                        .path("since")
                        .asText())
                .as("failing again does not move it")
                .isEqualTo(since);

        Files.delete(tripwire);
        HttpResponse<String> restart = HTTP.send(
                HttpRequest.newBuilder(URI.create(relay.base() + "/api/plugins/flaky/restart"))
                        .header("Authorization", "Bearer " + TestRelay.ADMIN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(restart.statusCode()).isEqualTo(200);
        awaitAlert(
                wall,
                "TestValueHigh",
                Duration.ofSeconds(10),
                a -> firing(a) && a.path("stale").isNull());
        awaitAlert(wall, "RelayPluginFailed", Duration.ofSeconds(10), a -> !firing(a));
    }
}
