package io.alertrelay.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The key tree of the config file, and the environment variable name of each key. Plugin sections
 * ({@code plugins.<id>}) are not here: their keys belong to the plugin.
 */
final class ConfigKeys {

    static final String ENV_PREFIX = "RELAY_";

    /** What a key holds, which decides how an environment value is read. */
    enum Kind {
        /** A mapping of further keys; an environment value is a YAML mapping merged into it. */
        SECTION,
        /** One scalar; an environment value is taken as written. */
        VALUE,
        /** A list of strings; an environment value is a YAML list or a comma-separated value. */
        STRINGS,
        /** A list of mappings; an environment value is a YAML list. */
        RECORDS
    }

    record Key(String path, Kind kind) {
        String name() {
            return path.substring(path.lastIndexOf('.') + 1);
        }

        String parent() {
            int dot = path.lastIndexOf('.');
            return dot < 0 ? "" : path.substring(0, dot);
        }

        String envName() {
            return ConfigKeys.envName(List.of(path.split("\\.")));
        }
    }

    static final List<Key> ALL = List.of(
            new Key("server", Kind.SECTION),
            new Key("server.host", Kind.VALUE),
            new Key("server.port", Kind.VALUE),
            new Key("server.heartbeatInterval", Kind.VALUE),
            new Key("server.tls", Kind.SECTION),
            new Key("server.tls.certFile", Kind.VALUE),
            new Key("server.tls.keyFile", Kind.VALUE),
            new Key("server.trustedProxies", Kind.STRINGS),
            new Key("dataDir", Kind.VALUE),
            new Key("auth", Kind.SECTION),
            new Key("auth.tokens", Kind.RECORDS),
            new Key("auth.allowedOrigins", Kind.STRINGS),
            new Key("auth.jwt", Kind.SECTION),
            new Key("auth.jwt.algorithm", Kind.VALUE),
            new Key("auth.jwt.secretEnv", Kind.VALUE),
            new Key("auth.jwt.publicKeyFile", Kind.VALUE),
            new Key("auth.jwt.issuer", Kind.VALUE),
            new Key("auth.jwt.audience", Kind.VALUE),
            new Key("auth.jwt.roleClaim", Kind.VALUE),
            new Key("auth.jwt.nameClaim", Kind.VALUE),
            new Key("auth.jwt.clockSkew", Kind.VALUE),
            new Key("limits", Kind.SECTION),
            new Key("limits.maxMessageBytes", Kind.VALUE),
            new Key("limits.maxWebhookBytes", Kind.VALUE),
            new Key("limits.sendQueueBytes", Kind.VALUE),
            new Key("limits.maxConnections", Kind.VALUE),
            new Key("limits.maxConnectionsPerIp", Kind.VALUE),
            new Key("limits.framesPerSecond", Kind.VALUE),
            new Key("limits.authTimeout", Kind.VALUE),
            new Key("limits.maxMatchers", Kind.VALUE),
            new Key("limits.subscribesPerMinute", Kind.VALUE),
            new Key("limits.requestHeaderTimeout", Kind.VALUE),
            new Key("limits.maxRegexProgram", Kind.VALUE),
            new Key("limits.filterBudget", Kind.VALUE),
            new Key("limits.requestBodyTimeout", Kind.VALUE),
            new Key("limits.maxBodiesPerIp", Kind.VALUE),
            new Key("limits.authFailuresPerMinute", Kind.VALUE),
            new Key("limits.maxBodyBytesInFlight", Kind.VALUE),
            new Key("journal", Kind.SECTION),
            new Key("journal.maxEntries", Kind.VALUE),
            new Key("journal.maxAge", Kind.VALUE),
            new Key("alerts", Kind.SECTION),
            new Key("alerts.resolveTimeout", Kind.VALUE),
            new Key("alerts.resolvedRetention", Kind.VALUE),
            new Key("alerts.expiredSilenceRetention", Kind.VALUE),
            new Key("alerts.inhibitRules", Kind.RECORDS),
            new Key("alerts.groupBy", Kind.STRINGS),
            new Key("alerts.ackExpiry", Kind.VALUE),
            new Key("plugins", Kind.SECTION),
            new Key("plugins.dir", Kind.VALUE),
            new Key("plugins.staleResolveAfter", Kind.VALUE),
            new Key("plugins.startTimeout", Kind.VALUE),
            new Key("plugins.taskTimeout", Kind.VALUE),
            new Key("plugins.threads", Kind.VALUE),
            new Key("plugins.signalsPerSecond", Kind.VALUE),
            new Key("store", Kind.SECTION),
            new Key("store.sync", Kind.VALUE),
            new Key("cluster", Kind.SECTION),
            new Key("cluster.redis", Kind.VALUE),
            new Key("cluster.keyPrefix", Kind.VALUE));

    /** The keys of one token under {@code auth.tokens}. */
    static final List<String> TOKEN_KEYS = List.of("name", "role", "sha256");

    /** The keys of one rule under {@code alerts.inhibitRules}. */
    static final List<String> INHIBIT_RULE_KEYS = List.of("sourceMatchers", "targetMatchers", "equal");

    private ConfigKeys() {}

    /** The names of the keys directly under {@code parent} ({@code ""} for the top level), in file order. */
    static List<String> childrenOf(String parent) {
        List<String> names = new ArrayList<>();
        for (Key k : ALL) {
            if (k.parent().equals(parent)) names.add(k.name());
        }
        return names;
    }

    static Optional<Key> byEnvName(String envName) {
        return ALL.stream().filter(k -> k.envName().equals(envName)).findFirst();
    }

    /**
     * The prefixes ({@code RELAY_SERVER_}, ...) that only config keys use: a variable under one of them
     * that names no key is a mistake, not somebody else's variable.
     */
    static List<String> reservedEnvPrefixes() {
        List<String> prefixes = new ArrayList<>();
        for (Key k : ALL) {
            if (k.kind() == Kind.SECTION && k.parent().isEmpty()) prefixes.add(k.envName() + "_");
        }
        return prefixes;
    }

    /**
     * {@code RELAY_} + each segment in upper case, words split with {@code _}: [limits, maxMessageBytes] ->
     * RELAY_LIMITS_MAX_MESSAGE_BYTES.
     */
    static String envName(List<String> segments) {
        StringBuilder out = new StringBuilder(ENV_PREFIX);
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) out.append('_');
            out.append(envSegment(segments.get(i)));
        }
        return out.toString();
    }

    /**
     * One key in environment form: {@code maxMessageBytes} -> {@code MAX_MESSAGE_BYTES},
     * {@code host-metrics} -> {@code HOST_METRICS}, {@code tokenSha256} -> {@code TOKEN_SHA256}.
     */
    static String envSegment(String key) {
        StringBuilder out = new StringBuilder();
        char prev = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && (Character.isLowerCase(prev) || Character.isDigit(prev))) out.append('_');
            out.append(Character.isLetterOrDigit(c) ? c : '_');
            prev = c;
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }
}
