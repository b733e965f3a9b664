package io.alertrelay.hardening;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.auth.Tokens;
import io.alertrelay.config.PluginsConfig;
import io.alertrelay.hardening.fixtures.LinesFormat;
import io.alertrelay.plugin.TestPluginJar;
import io.alertrelay.testing.TestRelay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One hook per way to authenticate, all with the {@code lines} format: {@code /hooks/bearer} (a token),
 * {@code /hooks/gh} (GitHub-style HMAC) and {@code /hooks/std} (Standard Webhooks).
 */
final class ThreeHooks {

    static final String GH_SECRET = "github-shared-secret";
    static final byte[] STD_KEY = "standard-webhooks-key-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    static final String HOOK_TOKEN = "bearer-hook-token";
    private static final String STD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(STD_KEY);

    private ThreeHooks() {}

    /** Writes the format's plugin into {@code dataDir} and returns the settings for the hooks. */
    static Consumer<TestRelay.Tweaks> in(Path dataDir, int requestsPerSecond) throws IOException {
        TestPluginJar.write(dataDir.resolve("plugins"), "test-formats", ">=1.0.0 & <2.0.0", LinesFormat.class);
        Map<String, Object> webhooks = Map.of(
                "hooks",
                List.of(
                        hook("gh", "hmacSecretEnv", "GH_SECRET", requestsPerSecond),
                        hook("std", "standardWebhooksSecretEnv", "STD_SECRET", requestsPerSecond),
                        hook("bearer", "tokenSha256", Tokens.sha256Hex(HOOK_TOKEN), requestsPerSecond)));
        PluginsConfig plugins = new PluginsConfig(null, Map.of("webhooks", new ObjectMapper().valueToTree(webhooks)));
        return t -> {
            t.env = Map.of("GH_SECRET", GH_SECRET, "STD_SECRET", STD_SECRET);
            t.config = c -> c.withPlugins(plugins);
        };
    }

    private static Map<String, Object> hook(String name, String authKey, String authValue, int rate) {
        return Map.of("name", name, "format", "lines", authKey, authValue, "requestsPerSecond", rate);
    }
}
