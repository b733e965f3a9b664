package io.alertrelay.webhook;

import io.alertrelay.plugin.api.PluginConfig;

/**
 * One webhook endpoint, {@code /hooks/{name}}, from {@code plugins.webhooks.hooks}. Exactly one way to
 * authenticate is set; secrets come from environment variables, never from the file.
 *
 * @param tokenSha256    bearer token check: hex SHA-256 of the token the sender puts in {@code Authorization}
 * @param hmacSecret     GitHub-style {@code X-Hub-Signature-256: sha256=<hex HMAC of the body>}
 * @param standardSecret Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}
 * @param options        the hook's whole entry, handed to the format (a generic mapping lives here)
 */
public record HookConfig(
        String name,
        String format,
        String tokenSha256,
        byte[] hmacSecret,
        byte[] standardSecret,
        int requestsPerSecond,
        PluginConfig options) {

    public String authKind() {
        return tokenSha256 != null ? "bearer" : hmacSecret != null ? "hmac-sha256" : "standard-webhooks";
    }
}
