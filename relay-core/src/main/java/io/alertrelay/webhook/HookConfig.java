package io.alertrelay.webhook;

import io.alertrelay.plugin.api.PluginConfig;
import java.util.Map;

/**
 * One webhook endpoint, {@code /hooks/{name}}, from {@code plugins.webhooks.hooks}. Exactly one way to
 * authenticate is set; secrets come from environment variables, never from the file.
 *
 * @param tokenSha256    bearer token check: hex SHA-256 of the token the sender puts in {@code Authorization}
 * @param hmacSecret     GitHub-style {@code X-Hub-Signature-256: sha256=<hex HMAC of the body>}
 * @param standardSecret Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}
 * @param entry          the hook's whole entry, as API 1.0 formats receive it
 */
public record HookConfig(
        String name,
        String format,
        String tokenSha256,
        byte[] hmacSecret,
        byte[] standardSecret,
        int requestsPerSecond,
        PluginConfig entry) {

    public String authKind() {
        return tokenSha256 != null ? "bearer" : hmacSecret != null ? "hmac-sha256" : "standard-webhooks";
    }

    /**
     * What the format gets as its options: the entry's {@code options} mapping; for a hook written before options
     * existed, its top-level {@code mapping} (the generic format's), under the path the operator wrote it at.
     */
    public PluginConfig formatOptions() {
        if (entry.has("options")) return entry.section("options");
        if (entry.has("mapping"))
            return new PluginConfig(entry.path(), Map.of("mapping", entry.raw().get("mapping")));
        return new PluginConfig(entry.path() + ".options", Map.of());
    }
}
