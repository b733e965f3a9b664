package io.alertrelay.plugins.webhooks;

import static io.alertrelay.auth.Tokens.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.config.ConfigException;
import io.alertrelay.plugin.devkit.InProcessRelay;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hook's options reach its format, and the format checks them when the relay starts: a wrong mapping stops
 * start-up with its key path, instead of failing the first delivery.
 */
class HookOptionsIT {

    static final String TOKEN = "kuma-hook-token";

    @TempDir
    Path dataDir;

    static Map<String, Object> webhooks(Map<String, Object> options) {
        return Map.of(
                "hooks",
                List.of(Map.of(
                        "name", "kuma", "format", "generic", "tokenSha256", sha256Hex(TOKEN), "options", options)));
    }

    @Test
    void optionsMappingIsUsedForDeliveries() {
        Map<String, Object> mapping = Map.of(
                "labels",
                Map.of("alertname", "/monitor/name"),
                "status",
                "/heartbeat/status",
                "resolvedValues",
                List.of("1"));
        try (InProcessRelay relay = InProcessRelay.start(
                dataDir,
                Map.of("webhooks", webhooks(Map.of("mapping", mapping))),
                InProcessRelay.builtPluginZip(Path.of("")))) {
            HttpResponse<String> down = relay.request(
                    "POST", "/hooks/kuma", TOKEN, "{\"monitor\":{\"name\":\"shop\"},\"heartbeat\":{\"status\":0}}");
            assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
            JsonNode alerts = relay.alerts();
            assertThat(alerts.toString()).contains("\"alertname\":\"shop\"");
        }
    }

    @Test
    void aWrongMappingStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> InProcessRelay.start(
                                dataDir,
                                Map.of(
                                        "webhooks",
                                        webhooks(Map.of("mapping", Map.of("labels", Map.of("alertname", "name"))))),
                                InProcessRelay.builtPluginZip(Path.of("")))
                        .close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("plugins.webhooks.hooks[0].options.mapping: \"name\" is not a JSON Pointer");
    }

    @Test
    void bothOptionsAndATopLevelMappingIsRefused() {
        Map<String, Object> hook = Map.of(
                "name",
                "kuma",
                "format",
                "generic",
                "tokenSha256",
                sha256Hex(TOKEN),
                "options",
                Map.of(),
                "mapping",
                Map.of());
        assertThatThrownBy(() -> InProcessRelay.start(
                                dataDir,
                                Map.of("webhooks", Map.of("hooks", List.of(hook))),
                                InProcessRelay.builtPluginZip(Path.of("")))
                        .close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("both options and mapping are set");
    }
}
