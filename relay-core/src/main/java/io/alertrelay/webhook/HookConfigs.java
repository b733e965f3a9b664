package io.alertrelay.webhook;

import io.alertrelay.config.ConfigException;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginConfigException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads {@code plugins.webhooks.hooks}; every problem stops start-up with the key and the fix. */
public final class HookConfigs {

    private static final Set<String> KEYS = Set.of(
            "name",
            "format",
            "tokenSha256",
            "hmacSecretEnv",
            "standardWebhooksSecretEnv",
            "requestsPerSecond",
            "options",
            "mapping");

    private HookConfigs() {}

    public static Map<String, HookConfig> parse(PluginConfig webhooksSection, Map<String, String> env) {
        Map<String, HookConfig> hooks = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<PluginConfig> entries;
        try {
            entries = webhooksSection.sections("hooks");
        } catch (PluginConfigException e) {
            throw new ConfigException("config error at " + e.getMessage());
        }
        for (PluginConfig h : entries) {
            try {
                HookConfig c = one(h, env);
                if (hooks.put(c.name(), c) != null)
                    problems.add("config error at " + h.path() + ".name: hook " + c.name() + " is defined twice");
            } catch (PluginConfigException e) {
                problems.add("config error at " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return hooks;
    }

    private static HookConfig one(PluginConfig h, Map<String, String> env) {
        for (String k : h.keys()) {
            if (!KEYS.contains(k)) {
                throw new PluginConfigException(h.path() + ": unknown key " + k + "; known keys are "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        String name = h.string("name");
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new PluginConfigException(
                    h.path() + ".name: \"" + name + "\" cannot be a URL path segment; use letters, digits, . _ -");
        }
        String format = h.string("format");
        String token = h.string("tokenSha256", null);
        if (token != null && !token.matches("[0-9a-fA-F]{64}")) {
            throw new PluginConfigException(h.path() + ".tokenSha256: not a SHA-256 (64 hex characters, got "
                    + token.length() + " characters): put the hash of the token here, never the token");
        }
        byte[] hmac = secret(h, "hmacSecretEnv", env, false);
        byte[] standard = secret(h, "standardWebhooksSecretEnv", env, true);
        int set = (token != null ? 1 : 0) + (hmac != null ? 1 : 0) + (standard != null ? 1 : 0);
        if (set != 1) {
            throw new PluginConfigException(
                    h.path() + ": set exactly one of tokenSha256, hmacSecretEnv, " + "standardWebhooksSecretEnv (found "
                            + set + "): an unauthenticated hook would let anyone raise alerts");
        }
        if (h.has("options") && h.has("mapping")) {
            throw new PluginConfigException(h.path() + ": both options and mapping are set; move mapping under"
                    + " options (options.mapping), where every format's options live");
        }
        if (h.has("options")) h.section("options"); // a mapping, or an error naming the key
        int rps = h.integer("requestsPerSecond", 20);
        if (rps < 1 || rps > 10_000)
            throw new PluginConfigException(h.path() + ".requestsPerSecond: " + rps + " is not from 1 to 10000");
        return new HookConfig(
                name, format, token == null ? null : token.toLowerCase(Locale.ROOT), hmac, standard, rps, h);
    }

    private static byte[] secret(PluginConfig h, String key, Map<String, String> env, boolean standard) {
        String var = h.string(key, null);
        if (var == null) return null;
        String value = env.get(var);
        if (value == null || value.isEmpty()) {
            throw new PluginConfigException(h.path() + "." + key + ": environment variable " + var
                    + " is not set; export the shared secret in it before starting the relay");
        }
        if (!standard) return value.getBytes(StandardCharsets.UTF_8);
        String b64 = value.startsWith("whsec_") ? value.substring(6) : value;
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException(h.path() + "." + key + ": the secret in " + var
                    + " is not base64 (a Standard Webhooks secret looks like whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw)");
        }
    }
}
