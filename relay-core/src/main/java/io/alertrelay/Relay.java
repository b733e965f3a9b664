package io.alertrelay;

import io.alertrelay.alert.AlertState;
import io.alertrelay.auth.Role;
import io.alertrelay.auth.StoredToken;
import io.alertrelay.auth.TokenFile;
import io.alertrelay.auth.TokenRegistry;
import io.alertrelay.auth.Tokens;
import io.alertrelay.config.RelayConfig;
import io.alertrelay.config.TokenConfig;
import io.alertrelay.http.HttpRoutes;
import io.alertrelay.http.Readiness;
import io.alertrelay.hub.Hub;
import io.alertrelay.journal.Journal;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.plugin.PluginHost;
import io.alertrelay.plugin.PluginLimits;
import io.alertrelay.plugin.PluginSections;
import io.alertrelay.plugin.PluginSystem;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.webhook.HookConfig;
import io.alertrelay.webhook.HookConfigs;
import io.alertrelay.ws.WebSocketService;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * A running relay. All wiring happens here, top to bottom, with plain constructor calls: read this method to
 * see what the relay is made of.
 */
public final class Relay implements AutoCloseable {

    public static final String VERSION = Optional.ofNullable(Relay.class.getPackage().getImplementationVersion())
            .orElse("0.1.0-dev");
    private static final Logger log = LoggerFactory.getLogger(Relay.class);
    /** Connections waiting to be accepted; see the comment where it is set. */
    static final int LISTEN_BACKLOG = 16_384;

    private final RelayConfig config;
    private final Undertow server;
    private final WebSocketService webSockets;
    private final AlertPipeline pipeline;
    private final RelayMetrics metrics;
    private final Readiness readiness;
    private final ScheduledExecutorService ticker;
    private final PluginHost plugins;
    private final String firstStartToken;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int port;

    private Relay(RelayConfig config, Clock clock, Map<String, String> env) {
        this.config = config;
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create dataDir " + config.dataDir().toAbsolutePath()
                    + ": " + e.getMessage() + ". Point dataDir (RELAY_DATA_DIR) at a writable directory", e);
        }
        TokenFile tokenFile = new TokenFile(config.dataDir());
        List<StoredToken> known = new ArrayList<>();
        for (TokenConfig t : config.auth().tokens()) known.add(new StoredToken(t.name(), t.role(), t.sha256(), null));
        known.addAll(tokenFile.read());
        TokenRegistry tokens = new TokenRegistry(known);
        this.firstStartToken = tokens.isEmpty() ? createAdminToken(tokenFile, tokens, clock) : null;

        this.metrics = new RelayMetrics();
        this.readiness = new Readiness();
        Journal journal = new Journal(newEpoch(), 0, config.journal().maxEntries(), config.journal().maxAge());
        AlertState state = new AlertState(config.alerts().resolveTimeout(), config.alerts().resolvedRetention(),
                config.alerts().expiredSilenceRetention());
        this.pipeline = new AlertPipeline(state, journal, new Hub(), clock);
        metrics.bindPipeline(pipeline::stats);
        Map<String, HookConfig> hooks = HookConfigs.parse(
                new PluginConfig("plugins.webhooks", PluginSections.asMap(config.plugins().section("webhooks"))), env);
        this.plugins = PluginSystem.create(pluginRoots(config), pipeline, metrics.registry(), clock, hostName(),
                id -> PluginSections.asMap(config.plugins().section(id)), PluginLimits.DEFAULT);
        this.webSockets = new WebSocketService(pipeline, tokens, metrics, config.limits(),
                config.server().heartbeatInterval(), "alert-relay/" + VERSION, this::allowedOrigins);

        this.server = Undertow.builder()
                .addHttpListener(config.server().port(), config.server().host())
                // the body handlers count maxWebhookBytes themselves and answer 413; Undertow's own check (on a chunked
                // body) cuts the connection without an answer, so it sits above theirs, with room for its read-ahead
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, config.limits().maxWebhookBytes() + 65_536L)
                // a reconnect storm (every wall at once after a network blip) arrives as thousands of SYNs in a
                // few milliseconds: Undertow's default accept backlog of 1000 drops the rest, and their retries
                // back off 1, 3, 7, 15 s. The kernel caps this at net.core.somaxconn (4096 on current kernels).
                .setSocketOption(Options.BACKLOG, LISTEN_BACKLOG)
                .setHandler(HttpRoutes.build(pipeline, tokens, metrics, readiness, webSockets.endpoint(),
                        config.limits(), plugins, hooks, clock))
                .build();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "relay-ticker"));
    }

    /** Builds and starts a relay; the returned relay is serving. */
    public static Relay start(RelayConfig config, Clock clock) {
        return start(config, clock, System.getenv());
    }

    /** @param env where webhook secrets are read from ({@code hmacSecretEnv} and the like) */
    public static Relay start(RelayConfig config, Clock clock, Map<String, String> env) {
        Relay relay = new Relay(config, clock, env);
        try {
            relay.plugins.start();
        } catch (RuntimeException e) {
            relay.plugins.close();
            throw e;
        }
        relay.server.start();
        relay.port = ((InetSocketAddress) relay.server.getListenerInfo().get(0).getAddress()).getPort();
        relay.webSockets.start();
        relay.ticker.scheduleAtFixedRate(relay::tick, 1, 1, TimeUnit.SECONDS);
        relay.readiness.ready();
        log.info("relay {} serving on {} (epoch {})", VERSION, relay.baseUrl(), relay.pipeline.epoch());
        if (config.cluster().redis() != null) {
            log.warn("cluster.redis is set, but this version runs a single node only; ignoring it");
        }
        return relay;
    }

    private void tick() {
        try {
            pipeline.tick();
            metrics.updateAlertCounts(pipeline.stats());
        } catch (RuntimeException e) {
            log.error("periodic tick failed; will retry in a second", e);
        }
    }

    /** Built-in plugins (shipped next to the relay) first, then the operator's plugin folder. */
    static List<Path> pluginRoots(RelayConfig config) {
        List<Path> roots = new ArrayList<>();
        String builtin = System.getProperty("relay.builtinPlugins");
        if (builtin != null && !builtin.isBlank()) {
            roots.add(Path.of(builtin));
        } else {
            try {
                Path jar = Path.of(Relay.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(jar)) roots.add(jar.resolveSibling("plugins"));
            } catch (Exception e) {
                // not run from a jar (tests, IDE): no built-in folder
            }
        }
        roots.add(config.plugins().dirOr(config.dataDir()));
        return roots;
    }

    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String createAdminToken(TokenFile file, TokenRegistry tokens, Clock clock) {
        String token = Tokens.generate();
        StoredToken stored = new StoredToken("admin", Role.ADMIN, Tokens.sha256Hex(token), clock.instant());
        try {
            file.append(stored);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the first admin token's hash in " + file.path() + ": "
                    + e.getMessage() + ". Make dataDir writable", e);
        }
        tokens.add(stored);
        return token;
    }

    private static String newEpoch() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private List<String> allowedOrigins() {
        List<String> configured = config.auth().allowedOrigins();
        if (!configured.isEmpty()) return configured;
        return List.of("http://localhost:" + port, "http://127.0.0.1:" + port);
    }

    public int port() { return port; }

    /** The address to give people: loopback names for wildcard binds. */
    public String baseUrl() {
        String host = config.server().host();
        if (host.equals("0.0.0.0") || host.equals("::")) host = "localhost";
        if (host.contains(":")) host = "[" + host + "]";
        return "http://" + host + ":" + port;
    }

    /** The admin token generated at this start, if this was the first start; it is not stored anywhere. */
    public Optional<String> firstStartToken() { return Optional.ofNullable(firstStartToken); }

    public AlertPipeline pipeline() { return pipeline; }

    public RelayMetrics metrics() { return metrics; }

    public PluginHost plugins() { return plugins; }

    /** Stops accepting, closes every session with 1001, stops the server. Safe to call twice. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) return;
        readiness.notReady("shutting down");
        plugins.close();
        int left = webSockets.shutdown(Duration.ofSeconds(5));
        ticker.shutdownNow();
        server.stop();
        log.info("relay stopped{}", left > 0 ? " (" + left + " sessions did not close in time and were cut)" : "");
    }
}
