package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.config.PluginsConfig;
import io.alertrelay.plugin.TestPluginJar;
import io.alertrelay.plugin.fixtures.SpinningTaskSource;
import io.alertrelay.testing.TestRelay;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin whose task ignores interrupts, in a running relay: restarting it over HTTP answers 409 and leaves
 * exactly one spinning thread, however often it is asked; once the thread ends, the restart works.
 */
@ExtendWith(BadInputTally.class)
class PluginRestartBusyTest {

    static final String REQUIRES = ">=1.0.0 & <2.0.0";

    @TempDir
    Path dataDir;

    Path release;
    TestRelay relay;

    @BeforeEach
    void start() throws Exception {
        release = dataDir.resolve("release");
        TestPluginJar.write(dataDir.resolve("plugins"), "spinner", REQUIRES, SpinningTaskSource.class);
        JsonNode section = new ObjectMapper().valueToTree(Map.of("release", release.toString()));
        relay = TestRelay.start(
                dataDir, t -> t.config = c -> c.withPlugins(new PluginsConfig(null, Map.of("spinner", section))));
    }

    @AfterEach
    void stop() throws Exception {
        Files.writeString(release, "go");
        relay.close();
    }

    @Test
    void aRestartWhileATaskIgnoresInterruptsAnswers409AndStartsNoSecondThread() throws Exception {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> state("spinner").path("state").asText().equals("started"));

        HttpResponse<String> first = restart();
        assertThat(first.statusCode()).isEqualTo(409);
        JsonNode body = Corpus.read(first.body());
        assertThat(body.path("error").asText()).isEqualTo("plugin-busy");
        assertThat(body.path("message").asText())
                .contains("plugin spinner not restarted")
                .contains("thread plugin-spinner-")
                .contains("ignores interrupts");
        assertThat(restart().statusCode()).isEqualTo(409);
        assertThat(restart().statusCode()).isEqualTo(409);
        assertThat(state("spinner").path("state").asText()).isEqualTo("failed");
        assertThat(state("spinner").path("lastError").asText()).contains("not restarted");
        assertThat(relay.relay.metrics().scrape()).contains("relay_plugin_stuck_threads{plugin=\"spinner\"} 1.0");
        assertThat(Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("plugin-spinner-") && t.isAlive())
                        .count())
                .as("one spinning thread, not one per restart")
                .isEqualTo(1);
        BadInputTally.sent("plugins: restart of a plugin whose task ignores interrupts", "409; no second thread", 3);

        Files.writeString(release, "go");
        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        relay.relay.metrics().scrape().contains("relay_plugin_stuck_threads{plugin=\"spinner\"} 0.0"));
        assertThat(restart().statusCode()).isEqualTo(200);
        assertThat(state("spinner").path("state").asText()).isEqualTo("started");
    }

    private HttpResponse<String> restart() {
        return relay.http("POST", "/api/plugins/spinner/restart", TestRelay.ADMIN, "");
    }

    private JsonNode state(String plugin) {
        for (JsonNode p : Corpus.read(
                relay.http("GET", "/api/plugins", TestRelay.VIEWER, null).body())) {
            if (p.path("id").asText().equals(plugin)) return p;
        }
        return Corpus.read("{}");
    }
}
