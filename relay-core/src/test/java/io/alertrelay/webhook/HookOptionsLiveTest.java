package io.alertrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.auth.Tokens;
import io.alertrelay.config.PluginsConfig;
import io.alertrelay.plugin.TestPluginZip;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.webhook.fixtures.StrictFormat;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A format that arrives after start-up (its plugin dropped into the folder) checks the hook's options before its
 * first delivery: wrong options answer 503 naming the key, not a parse; right ones reach the format with the
 * relay's clock and the API's JSON reader, whose errors go back to the sender as a 400.
 */
class HookOptionsLiveTest {

    static final String TOKEN = "strict-hook-token";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @TempDir
    Path staging;

    TestRelay start(Map<String, Object> options) {
        Map<String, Object> hook =
                Map.of("name", "s", "format", "strict", "tokenSha256", Tokens.sha256Hex(TOKEN), "options", options);
        PluginsConfig cfg =
                new PluginsConfig(null, Map.of("webhooks", JSON.valueToTree(Map.of("hooks", List.of(hook)))));
        return TestRelay.start(dir, t -> t.config = c -> c.withPlugins(cfg));
    }

    HttpResponse<String> deliverOnceLoaded(TestRelay relay, String body) throws Exception {
        Path built =
                TestPluginZip.write(staging, "strict.zip", "strict", "1.0.0", ">=1.2.0 & <2.0.0", StrictFormat.class);
        Files.move(built, Files.createDirectories(dir.resolve("plugins")).resolve("strict.zip"));
        // until the plugin is loaded, deliveries answer 503 format-unavailable
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> relay.http("POST", "/hooks/s", TOKEN, body),
                        r -> !r.body().contains("format-unavailable"));
    }

    @Test
    void wrongOptionsAreRefusedBeforeTheFormatParses() throws Exception {
        try (TestRelay relay = start(Map.of("tean", "db"))) {
            HttpResponse<String> r = deliverOnceLoaded(relay, "{\"name\":\"x\"}");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("hook-config", "plugins.webhooks.hooks[0].options.team is required");
        }
    }

    @Test
    void rightOptionsReachTheFormatAndJsonErrorsReachTheSender() throws Exception {
        try (TestRelay relay = start(Map.of("team", "db"))) {
            HttpResponse<String> r = deliverOnceLoaded(relay, "{\"name\":\"BackupLate\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String alerts =
                    relay.http("GET", "/api/alerts", TestRelay.ADMIN, null).body();
            assertThat(alerts).contains("\"alertname\":\"BackupLate\"", "\"team\":\"db\"");
            HttpResponse<String> bad = relay.http("POST", "/hooks/s", TOKEN, "{\"name\":\"x\",}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("line 1, column 13: expected a member name in double quotes");
        }
    }
}
