package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.auth.Tokens;
import io.alertrelay.config.PluginsConfig;
import io.alertrelay.hardening.fixtures.HangingFormat;
import io.alertrelay.plugin.TestPluginJar;
import io.alertrelay.plugin.fixtures.BlockingStartSource;
import io.alertrelay.testing.TestRelay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Plugins that hang, in a running relay: each is marked failed, and the relay goes on serving everyone else. */
@ExtendWith(BadInputTally.class)
class PluginHangTest extends BystandedTest {

    static final String HOOK_TOKEN = "stuck-hook-token";
    static final String REQUIRES = ">=1.0.0 & <2.0.0";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        TestPluginJar.write(dataDir.resolve("plugins"), "stuck-format", REQUIRES, HangingFormat.class);
        Map<String, Object> webhooks = Map.of(
                "hooks",
                List.of(Map.of(
                        "name",
                        "stuck",
                        "format",
                        "hang",
                        "tokenSha256",
                        Tokens.sha256Hex(HOOK_TOKEN),
                        "requestsPerSecond",
                        10_000)));
        serve(t -> t.config = c ->
                c.withPlugins(new PluginsConfig(null, Map.of("webhooks", new ObjectMapper().valueToTree(webhooks)))));
    }

    @Test
    void aWebhookFormatThatHangsIsFailedAndHoldsNoMoreThanAFewWorkers() {
        // more hanging deliveries at once than the relay has worker threads
        List<CompletableFuture<HttpResponse<String>>> stuck = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(relay.base() + "/hooks/stuck"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + HOOK_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("alertname=X"))
                    .build();
            stuck.add(HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        // meanwhile the pushes, the REST API and the bystanders are served
        bystanders.awaitMoreDelivered(20);
        assertThat(relay.http("GET", "/api/alerts", TestRelay.VIEWER, null).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> state("stuck-format").path("state").asText().equals("failed"));
        assertThat(state("stuck-format").path("lastError").asText())
                .contains("hang")
                .contains("did not return");
        List<Integer> codes = stuck.stream().map(f -> f.join().statusCode()).toList();
        assertThat(codes).allMatch(c -> c == 503);
        BadInputTally.sent(
                "plugins: webhook deliveries to a format that hangs", "503; plugin marked failed", stuck.size());
        bystanders.proveNothingLost();
    }

    @Test
    void aPluginWhoseStartHangsIsFailedWhileTheRelayServes() throws Exception {
        Path staging = Files.createDirectories(dataDir.resolve("staging"));
        Path jar = TestPluginJar.write(staging, "blocking", REQUIRES, BlockingStartSource.class);
        Files.move(jar, dataDir.resolve("plugins").resolve("blocking.jar"));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> state("blocking").path("state").asText().equals("starting"));
        bystanders.awaitMoreDelivered(20);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> state("blocking").path("state").asText().equals("failed"));
        assertThat(state("blocking").path("lastError").asText()).contains("did not return");
        assertThat(relay.relay.metrics().scrape()).contains("relay_plugin_up{plugin=\"blocking\"} 0.0");
        BadInputTally.sent("plugins: a plugin whose start() hangs, dropped in live", "marked failed after 10 s", 1);
        bystanders.proveNothingLost();
    }

    private JsonNode state(String plugin) {
        for (JsonNode p : Corpus.read(
                relay.http("GET", "/api/plugins", TestRelay.VIEWER, null).body())) {
            if (p.path("id").asText().equals(plugin)) return p;
        }
        return Corpus.read("{}");
    }
}
