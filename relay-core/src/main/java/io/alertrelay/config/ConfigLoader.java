package io.alertrelay.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertrelay.net.Cidr;
import io.alertrelay.net.TrustedProxies;
import io.alertrelay.store.Database;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Loads the relay's configuration: one YAML file (optional), then {@code RELAY_*} environment variables
 * over it, then every key bound and checked against its range. docs/configuration.md is the reference
 * for the keys, ranges, variable names and override rules; keep the two in step.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /**
     * Reads, overrides, binds and checks the configuration.
     *
     * @param file the YAML file the operator named, or null to start from the defaults alone
     * @param env  the environment, usually {@code System.getenv()}; only {@code RELAY_*} names are read
     * @return a configuration in which every value is within its documented range
     * @throws ConfigException when the file cannot be read or parsed, or any key is unknown or out of
     *                         range; its message lists every problem, ready to print
     */
    public static RelayConfig load(Path file, Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        Problems problems = new Problems(file == null ? null : file.toString());
        Binder b = new Binder(problems);
        ObjectNode root = b.root(file == null ? MissingNode.getInstance() : read(file));
        new EnvOverrides(problems).apply(root, env);
        b.checkKeys(root, "", ConfigKeys.childrenOf(""));
        RelayConfig config = bind(root, b);
        problems.throwIfAny();
        return config;
    }

    /**
     * The {@code RELAY_*} variables in {@code env} that {@link #load} ignores because they name no config
     * key and are not under a config section's prefix ({@code RELAY_SERVER_}, {@code RELAY_LIMITS_}, ...;
     * a mistyped variable under one of those fails {@link #load} instead). Sorted; for the caller to log
     * as a warning, since a variable like {@code RELAY_DATADIR} is most likely a typo.
     */
    public static List<String> unusedEnv(Map<String, String> env) {
        return EnvOverrides.unused(env);
    }

    private static JsonNode read(Path file) {
        String where = "config error: cannot read config file " + file;
        if (!file.isAbsolute()) where += " (" + file.toAbsolutePath().normalize() + ")";
        if (Files.isDirectory(file)) throw new ConfigException(where + ": it is a directory, not a file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(where + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(where + ": permission denied", e);
        } catch (IOException | SecurityException e) {
            throw new ConfigException(where + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
        }
        try {
            return Yaml.parse(bytes);
        } catch (Yaml.SyntaxError e) {
            throw new ConfigException("config error in " + file + ": " + e.getMessage(), e);
        }
    }

    private static RelayConfig bind(ObjectNode root, Binder b) {
        RelayConfig d = RelayConfig.defaults();
        ServerConfig server = server(b.section(root, "server"), b, d.server());
        Path dataDir = b.path(root, "dataDir", d.dataDir());
        AuthConfig authConfig = AuthConfigs.bind(b.section(root, "auth"), b);
        LimitsConfig limits = limits(b.section(root, "limits"), b, d.limits());
        JournalConfig journal = journal(b.section(root, "journal"), b, d.journal());
        AlertsConfig alerts = alerts(b.section(root, "alerts"), b, d.alerts());
        PluginsConfig plugins = plugins(b.section(root, "plugins"), b, d.plugins());
        ObjectNode clusterNode = b.section(root, "cluster");
        ClusterConfig cluster = new ClusterConfig(redis(clusterNode, b), keyPrefix(clusterNode, b));
        StoreConfig store = store(b.section(root, "store"), b, d.store());
        return new RelayConfig(server, dataDir, authConfig, limits, journal, alerts, plugins, cluster, store);
    }

    private static ServerConfig server(ObjectNode s, Binder b, ServerConfig d) {
        String host = b.text(s, "server.host", d.host());
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            b.problems()
                    .at(
                            "server.host",
                            Binder.show(s.get("host")) + " is not a host; expected a host name or"
                                    + " IP address to bind, like 127.0.0.1 (this machine only) or 0.0.0.0 (every"
                                    + " interface)");
            host = d.host();
        }
        int port = (int)
                b.whole(s, "server.port", d.port(), 0, 65_535, "a port number from 0 to 65535 (0 picks any free port)");
        Duration heartbeat = b.duration(
                s, "server.heartbeatInterval", d.heartbeatInterval(), Duration.ofSeconds(1), Duration.ofHours(1));
        return new ServerConfig(host, port, heartbeat, tls(b.section(s, "server.tls"), b), trustedProxies(s, b));
    }

    /** Addresses and CIDR blocks; each bad item is reported with its index and value, none is guessed at. */
    private static TrustedProxies trustedProxies(ObjectNode s, Binder b) {
        List<Cidr> blocks = new ArrayList<>();
        List<JsonNode> items = b.list(s, "server.trustedProxies", "[127.0.0.1, 10.0.0.0/8, \"::1\"]");
        for (int i = 0; i < items.size(); i++) {
            String at = "server.trustedProxies[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isTextual()) {
                b.problems()
                        .at(
                                at,
                                Binder.show(item) + " is not an IP address or CIDR block; expected text like"
                                        + " 10.0.0.5, 10.0.0.0/8 or ::1");
                continue;
            }
            Cidr.Parsed parsed = Cidr.parse(item.textValue());
            if (parsed.problem() != null) b.problems().at(at, Binder.show(item) + " " + parsed.problem());
            else blocks.add(parsed.cidr());
        }
        return new TrustedProxies(blocks);
    }

    /** Both files or neither; whether they hold a usable certificate and key is checked at start-up. */
    private static TlsConfig tls(ObjectNode t, Binder b) {
        Path cert = b.path(t, "server.tls.certFile", null);
        Path key = b.path(t, "server.tls.keyFile", null);
        if (cert == null && key == null) return null;
        if (cert == null || key == null) {
            String missing = cert == null ? "server.tls.certFile" : "server.tls.keyFile";
            b.problems()
                    .at(
                            missing,
                            "missing; HTTPS needs both server.tls.certFile (the PEM certificate chain) and"
                                    + " server.tls.keyFile (its PEM private key), or neither for plain HTTP");
            return null;
        }
        return new TlsConfig(cert, key);
    }

    private static LimitsConfig limits(ObjectNode l, Binder b, LimitsConfig d) {
        int webhookBytes = (int) b.whole(
                l, "limits.maxWebhookBytes", d.maxWebhookBytes(), 1024, 64L << 20, Binder.bytes(1024, 64L << 20));
        LimitsConfig limits = new LimitsConfig(
                (int) b.whole(
                        l,
                        "limits.maxMessageBytes",
                        d.maxMessageBytes(),
                        1024,
                        16L << 20,
                        Binder.bytes(1024, 16L << 20)),
                webhookBytes,
                b.whole(
                        l,
                        "limits.sendQueueBytes",
                        d.sendQueueBytes(),
                        64L << 10,
                        1L << 30,
                        Binder.bytes(64L << 10, 1L << 30)),
                (int) b.whole(
                        l,
                        "limits.maxConnections",
                        d.maxConnections(),
                        1,
                        1_000_000,
                        Binder.count("connections", 1, 1_000_000)),
                (int) b.whole(
                        l,
                        "limits.maxConnectionsPerIp",
                        d.maxConnectionsPerIp(),
                        1,
                        1_000_000,
                        Binder.count("connections", 1, 1_000_000)),
                (int) b.whole(
                        l,
                        "limits.framesPerSecond",
                        d.framesPerSecond(),
                        1,
                        10_000,
                        Binder.count("frames per second", 1, 10_000)),
                b.duration(l, "limits.authTimeout", d.authTimeout(), Duration.ofSeconds(1), Duration.ofSeconds(60)),
                (int) b.whole(l, "limits.maxMatchers", d.maxMatchers(), 1, 1000, Binder.count("matchers", 1, 1000)),
                (int) b.whole(
                        l,
                        "limits.subscribesPerMinute",
                        d.subscribesPerMinute(),
                        1,
                        10_000,
                        Binder.count("subscribe requests per minute", 1, 10_000)),
                b.duration(
                        l,
                        "limits.requestHeaderTimeout",
                        d.requestHeaderTimeout(),
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(5)),
                (int) b.whole(
                        l,
                        "limits.maxRegexProgram",
                        d.maxRegexProgram(),
                        16,
                        10_000,
                        Binder.count("RE2 instructions", 16, 10_000)),
                b.duration(l, "limits.filterBudget", d.filterBudget(), Duration.ofMillis(1), Duration.ofSeconds(10)),
                b.duration(
                        l,
                        "limits.requestBodyTimeout",
                        d.requestBodyTimeout(),
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(5)),
                (int) b.whole(
                        l, "limits.maxBodiesPerIp", d.maxBodiesPerIp(), 1, 10_000, Binder.count("bodies", 1, 10_000)),
                (int) b.whole(
                        l,
                        "limits.authFailuresPerMinute",
                        d.authFailuresPerMinute(),
                        1,
                        100_000,
                        Binder.count("failures per minute", 1, 100_000)),
                // the default grows with maxWebhookBytes: four bodies of the largest size, 64 MiB at least
                b.whole(
                        l,
                        "limits.maxBodyBytesInFlight",
                        Math.max(d.maxBodyBytesInFlight(), 4L * webhookBytes),
                        2L << 20,
                        16L << 30,
                        Binder.bytes(2L << 20, 16L << 30)));
        if (limits.maxBodyBytesInFlight() < 2L * limits.maxWebhookBytes()) {
            // unauthenticated bodies get half of it: one of the largest size must fit there
            b.problems()
                    .at(
                            "limits.maxBodyBytesInFlight",
                            limits.maxBodyBytesInFlight() + " is less than twice"
                                    + " limits.maxWebhookBytes (" + limits.maxWebhookBytes()
                                    + "): a signed webhook of the largest size"
                                    + " could never be read; raise it to at least " + 2L * limits.maxWebhookBytes());
        }
        return limits;
    }

    private static JournalConfig journal(ObjectNode j, Binder b, JournalConfig d) {
        return new JournalConfig(
                (int) b.whole(
                        j,
                        "journal.maxEntries",
                        d.maxEntries(),
                        100,
                        10_000_000,
                        Binder.count("entries", 100, 10_000_000)),
                b.duration(j, "journal.maxAge", d.maxAge(), Duration.ofMinutes(1), Duration.ofDays(30)));
    }

    private static AlertsConfig alerts(ObjectNode a, Binder b, AlertsConfig d) {
        return new AlertsConfig(
                b.duration(a, "alerts.resolveTimeout", d.resolveTimeout(), Duration.ofSeconds(10), Duration.ofDays(7)),
                b.duration(a, "alerts.resolvedRetention", d.resolvedRetention(), Duration.ZERO, Duration.ofDays(30)),
                b.duration(
                        a,
                        "alerts.expiredSilenceRetention",
                        d.expiredSilenceRetention(),
                        Duration.ZERO,
                        Duration.ofDays(30)),
                InhibitRuleConfigs.bind(a, b),
                InhibitRuleConfigs.groupBy(a, b, d.groupBy()),
                Binder.value(a, "alerts.ackExpiry") == null
                        ? d.ackExpiry()
                        : b.duration(a, "alerts.ackExpiry", null, Duration.ofMinutes(1), Duration.ofDays(30)));
    }

    private static StoreConfig store(ObjectNode st, Binder b, StoreConfig d) {
        String sync = b.text(st, "store.sync", d.sync().name().toLowerCase(Locale.ROOT));
        try {
            return new StoreConfig(Database.Sync.parse(sync));
        } catch (IllegalArgumentException e) {
            b.problems()
                    .at(
                            "store.sync",
                            Binder.show(st.get("sync")) + " is not a sync mode; expected normal (a"
                                    + " write survives the relay being killed) or full (also a power cut; an fsync per"
                                    + " write)");
            return d;
        }
    }

    private static String keyPrefix(ObjectNode cluster, Binder b) {
        String prefix = b.text(cluster, "cluster.keyPrefix", ClusterConfig.DEFAULT_KEY_PREFIX);
        if (prefix.isEmpty() || prefix.chars().anyMatch(c -> c <= ' ')) {
            b.problems()
                    .at(
                            "cluster.keyPrefix",
                            Binder.show(cluster.get("keyPrefix")) + " is not a key prefix; use"
                                    + " a short text without spaces, e.g. \"{alert-relay}:\" (the default), one per"
                                    + " cluster sharing"
                                    + " a Redis");
            return ClusterConfig.DEFAULT_KEY_PREFIX;
        }
        return prefix;
    }

    private static String redis(ObjectNode cluster, Binder b) {
        String url = b.text(cluster, "cluster.redis", null);
        if (url == null) return null;
        boolean ok = url.startsWith("redis://") && url.length() > "redis://".length()
                || url.startsWith("rediss://") && url.length() > "rediss://".length();
        if (ok) return url;
        String shown = Binder.show(cluster.get("redis")).replaceAll("//[^/@]*@", "//***@"); // no password in logs
        b.problems()
                .at(
                        "cluster.redis",
                        shown + " is not a Redis URL; expected redis://host[:port][/db] or"
                                + " rediss://host[:port][/db] (TLS), or no cluster.redis at all to run a single node");
        return null;
    }

    private static PluginsConfig plugins(ObjectNode p, Binder b, PluginsConfig d) {
        Path dir = b.path(p, "plugins.dir", d.dir());
        Duration staleResolveAfter = b.duration(
                p, "plugins.staleResolveAfter", d.staleResolveAfter(), Duration.ofSeconds(1), Duration.ofDays(30));
        PluginLimitsConfig dl = d.limits();
        PluginLimitsConfig limits = new PluginLimitsConfig(
                b.duration(p, "plugins.startTimeout", dl.startTimeout(), Duration.ofSeconds(1), Duration.ofMinutes(10)),
                b.duration(p, "plugins.taskTimeout", dl.taskTimeout(), Duration.ofSeconds(1), Duration.ofHours(1)),
                (int) b.whole(p, "plugins.threads", dl.threads(), 1, 32, Binder.count("threads", 1, 32)),
                (int) b.whole(
                        p,
                        "plugins.signalsPerSecond",
                        dl.signalsPerSecond(),
                        1,
                        1_000_000,
                        Binder.count("signals per second", 1, 1_000_000)));
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            if (PluginsConfig.KEYS.contains(e.getKey())) continue;
            JsonNode v = e.getValue();
            if (v.isNull()) {
                sections.put(e.getKey(), Binder.empty());
            } else if (v.isObject()) {
                sections.put(e.getKey(), v.deepCopy());
            } else {
                b.problems()
                        .at(
                                "plugins." + e.getKey(),
                                Binder.show(v) + " is not a plugin section; every key under"
                                        + " plugins except " + String.join(", ", PluginsConfig.KEYS)
                                        + " is a plugin id holding a mapping of that plugin's settings");
            }
        }
        return new PluginsConfig(dir, staleResolveAfter, limits, sections);
    }
}
