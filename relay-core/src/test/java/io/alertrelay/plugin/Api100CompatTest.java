package io.alertrelay.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.auth.Tokens;
import io.alertrelay.config.PluginsConfig;
import io.alertrelay.testing.TestRelay;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin zip built once against plugin API 1.0.0 and never rebuilt (src/test/compat-plugin holds its sources
 * and how it was built) keeps loading and working on this relay: its source's shipped threshold rule (the 1.0
 * ten-argument constructor) fires and clears, its metric counts, and its webhook format (parse(byte[],
 * PluginConfig)) fires and resolves an alert. Every 1.x API change must keep this test green unchanged.
 */
class Api100CompatTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String HOOK_TOKEN = "compat-hook-token";

    @TempDir
    Path dir;

    @Test
    void aPluginBuiltAgainstApi100LoadsAndWorks() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (InputStream zip = getClass().getResourceAsStream("/compat/compat-1.0.0.zip")) {
            Files.copy(zip, plugins.resolve("compat-1.0.0.zip"));
        }
        Path value = dir.resolve("value.txt");
        Files.writeString(value, "0");
        Map<String, Object> compat = Map.of("file", value.toString(), "interval", "100ms");
        Map<String, Object> webhooks = Map.of(
                "hooks",
                List.of(Map.of(
                        "name", "compat", "format", "compat-lines", "tokenSha256", Tokens.sha256Hex(HOOK_TOKEN))));
        PluginsConfig cfg = new PluginsConfig(
                null, Map.of("compat", JSON.valueToTree(compat), "webhooks", JSON.valueToTree(webhooks)));

        try (TestRelay relay = TestRelay.start(dir, t -> t.config = c -> c.withPlugins(cfg))) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> "started".equals(plugin(relay).path("state").asText()));
            assertThat(plugin(relay).path("version").asText()).isEqualTo("1.0.0");
            assertThat(plugin(relay).path("sha256").asText())
                    .isEqualTo(PluginFiles.sha256(plugins.resolve("compat-1.0.0.zip")))
                    .hasSize(64);

            Files.writeString(value, "3");
            await().atMost(Duration.ofSeconds(10)).until(() -> "firing".equals(status(relay, "CompatHigh")));
            assertThat(alert(relay, "CompatHigh")
                            .path("annotations")
                            .path("summary")
                            .asText())
                    .isEqualTo("compat value is 3");
            Files.writeString(value, "0");
            await().atMost(Duration.ofSeconds(10)).until(() -> "resolved".equals(status(relay, "CompatHigh")));
            assertThat(relay.http("GET", "/metrics", null, null).body()).contains("relay_plugin_compat_reads_total");

            assertThat(hook(relay, "CertCheck down").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> "firing".equals(status(relay, "CertCheck")));
            assertThat(hook(relay, "CertCheck up").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> "resolved".equals(status(relay, "CertCheck")));
            assertThat(hook(relay, "garbage").body()).contains("expected 'NAME down' or 'NAME up'");
        }
    }

    private static java.net.http.HttpResponse<String> hook(TestRelay relay, String body) {
        return relay.http("POST", "/hooks/compat", HOOK_TOKEN, body);
    }

    private static JsonNode plugin(TestRelay relay) throws IOException {
        for (JsonNode p : JSON.readTree(
                relay.http("GET", "/api/plugins", TestRelay.ADMIN, null).body()))
            if (p.path("id").asText().equals("compat")) return p;
        return JSON.missingNode();
    }

    private static JsonNode alert(TestRelay relay, String name) throws IOException {
        JsonNode all = JSON.readTree(
                relay.http("GET", "/api/alerts", TestRelay.ADMIN, null).body());
        for (JsonNode a : all) if (a.path("labels").path("alertname").asText().equals(name)) return a;
        return JSON.missingNode();
    }

    private static String status(TestRelay relay, String name) throws IOException {
        return alert(relay, name).path("status").asText();
    }
}
