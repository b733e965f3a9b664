package io.alertrelay;

import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.InhibitRule;
import io.alertrelay.alert.Silence;
import io.alertrelay.auth.Role;
import io.alertrelay.auth.StoredToken;
import io.alertrelay.auth.TokenRegistry;
import io.alertrelay.auth.Tokens;
import io.alertrelay.auth.jwt.JwtVerifier;
import io.alertrelay.cluster.ClusterFeed;
import io.alertrelay.cluster.ClusterSequencer;
import io.alertrelay.cluster.RedisAlertStore;
import io.alertrelay.command.Operations;
import io.alertrelay.config.ConfigException;
import io.alertrelay.config.RelayConfig;
import io.alertrelay.history.HistoryRecorder;
import io.alertrelay.http.HttpRoutes;
import io.alertrelay.http.Readiness;
import io.alertrelay.http.RequestTimeoutCounter;
import io.alertrelay.hub.Hub;
import io.alertrelay.journal.Journal;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.net.ClientAddress;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.pipeline.ChangeSequencer;
import io.alertrelay.plugin.PluginHost;
import io.alertrelay.plugin.PluginLimits;
import io.alertrelay.plugin.PluginSections;
import io.alertrelay.plugin.PluginSystem;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.store.AlertStore;
import io.alertrelay.store.Database;
import io.alertrelay.store.SqliteTokenStore;
import io.alertrelay.store.StoreFiles;
import io.alertrelay.tls.PemTls;
import io.alertrelay.webhook.FormatOptions;
import io.alertrelay.webhook.HookConfig;
import io.alertrelay.webhook.HookConfigs;
import io.alertrelay.ws.WebSocketService;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * A running relay. All wiring happens here, top to bottom, with plain constructor calls: read this method to
 * see what the relay is made of.
 */
public final class Relay implements AutoCloseable {

    public static final String VERSION = Optional.ofNullable(
                    Relay.class.getPackage().getImplementationVersion())
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
    private final RelaySupervisor supervisor;
    private final PluginHost plugins;
    private final Map<String, HookConfig> hooks;
    private final RequestTimeoutCounter requestTimeouts;
    private final String firstStartToken;
    private final StoreFiles storeFiles;
    private final ClusterFeed clusterFeed; // null on a single node
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean serving;
    private volatile int port;

    private Relay(
            RelayConfig config,
            Clock clock,
            Map<String, String> env,
            StoreFiles storeFiles,
            SSLContext tls,
            RedisAlertStore redis) {
        this.config = config;
        this.storeFiles = storeFiles;
        KnownTokens known = new KnownTokens(config.auth().tokens(), storeFiles.tokens());
        JwtVerifier jwt = config.auth().jwt() == null
                ? null
                : JwtVerifier.create(config.auth().jwt(), env, clock);
        TokenRegistry tokens = new TokenRegistry(known.all(), jwt);
        if (jwt != null) log.info("auth: accepting {}", jwt.describe());
        if (jwt != null
                && config.auth().jwt().issuer() == null
                && config.auth().jwt().audience() == null) {
            // with a shared identity provider, a token minted for any other application would be taken here
            log.warn("auth.jwt has neither issuer nor audience: every JWT the key verifies is accepted, whatever it"
                    + " was minted for. Set auth.jwt.audience (and issuer) unless the key signs tokens for"
                    + " this relay only");
        }
        this.firstStartToken = tokens.isEmpty() ? createAdminToken(storeFiles.tokens(), tokens, clock) : null;
        if (redis != null && config.auth().tokens().isEmpty() && jwt == null) {
            // a wall moved to another node by nginx would be refused there with 4401
            log.warn("cluster mode, but every token this node accepts lives in its own dataDir: the other nodes do not"
                    + " know them. Give every node the same auth.tokens (by hash) or auth.jwt (docs/cluster.md)");
        }

        this.metrics = new RelayMetrics();
        this.readiness = new Readiness();
        // one node keeps alerts in its SQLite file; a cluster keeps them in Redis (tokens stay in each node's file)
        AlertStore alertStore = redis != null ? redis : storeFiles.alerts();
        AlertStore.Loaded loaded = alertStore.load();
        Journal journal = Journal.restore(
                loaded.epoch(),
                loaded.latestSeq(),
                loaded.journal(),
                config.journal().maxEntries(),
                config.journal().maxAge());
        AlertState state = new AlertState(
                config.alerts().resolveTimeout(),
                config.alerts().resolvedRetention(),
                config.alerts().expiredSilenceRetention(),
                Silence::randomId,
                config.limits().filterBudget(),
                config.plugins().staleResolveAfter(),
                inhibitRules(config));
        state.restore(loaded.alerts(), loaded.silences());
        ClusterSequencer sequencer = redis != null ? new ClusterSequencer(redis) : null;
        this.pipeline = new AlertPipeline(
                state,
                journal,
                new Hub(config.limits().filterBudget()),
                clock,
                alertStore,
                sequencer != null ? sequencer : ChangeSequencer.local());
        log.info(
                "store {}: epoch {}, seq {}, {} alerts, {} silences, {} journal entries",
                alertStore instanceof RedisAlertStore r
                        ? "Redis " + r.url() + " (cluster)"
                        : Database.file(config.dataDir()).toAbsolutePath(),
                loaded.epoch(),
                loaded.latestSeq(),
                loaded.alerts().size(),
                loaded.silences().size(),
                loaded.journal().size());
        metrics.bindPipeline(pipeline::stats);
        metrics.bindStore(pipeline.storeHealth());
        metrics.bindPipelineLock(pipeline.lockWatch());
        this.clusterFeed = sequencer != null ? new ClusterFeed(redis, sequencer) : null;
        if (clusterFeed != null) clusterFeed.registerMetrics(metrics.registry());
        metrics.bindConfiguredLimits(
                config.journal().maxEntries(), config.limits().sendQueueBytes());
        this.hooks = HookConfigs.parse(
                new PluginConfig(
                        "plugins.webhooks",
                        PluginSections.asMap(config.plugins().section("webhooks"))),
                env);
        this.plugins = PluginSystem.create(
                pluginRoots(config),
                pipeline,
                metrics.registry(),
                clock,
                hostName(),
                id -> PluginSections.asMap(config.plugins().section(id)),
                PluginLimits.of(config.plugins().limits()));
        // the command layer both front doors share; the history listens to the pipeline from here on
        Operations ops = new Operations(
                pipeline,
                HistoryRecorder.listeningTo(pipeline),
                plugins,
                config.limits(),
                config.alerts().ackExpiry());
        this.webSockets = new WebSocketService(
                ops,
                tokens,
                metrics,
                config.limits(),
                config.server().heartbeatInterval(),
                "alert-relay/" + VERSION,
                this::allowedOrigins);

        Undertow.Builder builder = Undertow.builder();
        if (tls == null)
            builder.addHttpListener(config.server().port(), config.server().host());
        else builder.addHttpsListener(config.server().port(), config.server().host(), tls);
        this.server = builder
                // the body handlers count maxWebhookBytes themselves and answer 413; Undertow's own check (on a chunked
                // body) cuts the connection without an answer, so it sits above theirs, with room for its read-ahead
                .setServerOption(
                        UndertowOptions.MAX_ENTITY_SIZE, config.limits().maxWebhookBytes() + 65_536L)
                // slowloris: a request head (the WebSocket upgrade included) must be complete this long after its
                // first byte, however slowly it trickles in, and a connection that sends nothing at all is cut after
                // the same time; neither applies once a request is being handled or a socket has been upgraded
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, headerTimeoutMs(config))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, headerTimeoutMs(config))
                // a reconnect storm (every wall at once after a network blip) arrives as thousands of SYNs in a
                // few milliseconds: Undertow's default accept backlog of 1000 drops the rest, and their retries
                // back off 1, 3, 7, 15 s. The kernel caps this at net.core.somaxconn (4096 on current kernels).
                .setSocketOption(Options.BACKLOG, LISTEN_BACKLOG)
                // first of all: every handler below sees the client behind a trusted proxy as the request's source
                .setHandler(ClientAddress.wrap(
                        config.server().trustedProxies(),
                        HttpRoutes.build(
                                ops,
                                tokens,
                                metrics,
                                readiness,
                                webSockets.endpoint(),
                                config.limits(),
                                plugins,
                                hooks,
                                config.alerts(),
                                VERSION,
                                clock)))
                .build();
        this.supervisor = new RelaySupervisor(pipeline, metrics, readiness, clusterFeed, known, tokens, webSockets);
        this.requestTimeouts = RequestTimeoutCounter.install(() -> metrics.httpRejected("request-timeout"));
    }

    /** The configured inhibition rules; a matcher that does not parse stops the start, naming the rule. */
    private static List<InhibitRule> inhibitRules(RelayConfig config) {
        try {
            return InhibitRule.parse(config.alerts().inhibitRules());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage() + " (docs/configuration.md#inhibition)");
        }
    }

    private static int headerTimeoutMs(RelayConfig config) {
        return (int) config.limits().requestHeaderTimeout().toMillis();
    }

    /** Builds and starts a relay; the returned relay is serving. */
    public static Relay start(RelayConfig config, Clock clock) {
        return start(config, clock, System.getenv());
    }

    /** @param env where webhook secrets are read from ({@code hmacSecretEnv} and the like) */
    public static Relay start(RelayConfig config, Clock clock, Map<String, String> env) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create dataDir " + config.dataDir().toAbsolutePath() + ": " + e.getMessage()
                            + ". Point dataDir (RELAY_DATA_DIR) at a writable directory",
                    e);
        }
        // first: a bad certificate or key stops start-up before anything else has started
        SSLContext tls = config.server().tls() == null
                ? null
                : PemTls.sslContext(config.server().tls());
        StoreFiles files = StoreFiles.open(config.dataDir(), config.store().sync());
        RedisAlertStore redis = null;
        Relay relay;
        try {
            if (config.cluster().enabled()) {
                redis = RedisAlertStore.connect(
                        config.cluster().redis(),
                        config.cluster().keyPrefix(),
                        config.journal().maxEntries());
            }
            relay = new Relay(config, clock, env, files, tls, redis);
        } catch (RuntimeException e) {
            if (redis != null) redis.close();
            files.close();
            throw e;
        }
        if (relay.clusterFeed != null) relay.clusterFeed.start();
        try {
            relay.plugins.start();
            List<String> badOptions = FormatOptions.problems(relay.hooks, relay.plugins::format);
            if (!badOptions.isEmpty()) throw new ConfigException(badOptions);
            relay.server.start();
            relay.serving = true;
        } catch (RuntimeException e) { // a plugin that cannot start, a port in use: leave nothing behind
            relay.close();
            throw e;
        }
        relay.port = ((InetSocketAddress) relay.server.getListenerInfo().get(0).getAddress()).getPort();
        relay.webSockets.start();
        relay.supervisor.start();
        log.info("relay {} serving on {} (epoch {})", VERSION, relay.baseUrl(), relay.pipeline.epoch());
        return relay;
    }

    /** Built-in plugins (shipped next to the relay) first, then the operator's plugin folder. */
    static List<Path> pluginRoots(RelayConfig config) {
        List<Path> roots = new ArrayList<>();
        String builtin = System.getProperty("relay.builtinPlugins");
        if (builtin != null && !builtin.isBlank()) {
            roots.add(Path.of(builtin));
        } else {
            try {
                Path jar = Path.of(Relay.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
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
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String createAdminToken(SqliteTokenStore store, TokenRegistry tokens, Clock clock) {
        String token = Tokens.generate();
        // the store keeps milliseconds: the same instant here, so the first re-read sees no change
        StoredToken stored = new StoredToken(
                "admin", Role.ADMIN, Tokens.sha256Hex(token), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        store.add(stored);
        tokens.add(stored);
        return token;
    }

    private List<String> allowedOrigins() {
        List<String> configured = config.auth().allowedOrigins();
        if (!configured.isEmpty()) return configured;
        String scheme = config.server().tls() == null ? "http" : "https";
        return List.of(scheme + "://localhost:" + port, scheme + "://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The address to give people: loopback names for wildcard binds; https when the relay serves TLS. */
    public String baseUrl() {
        String host = config.server().host();
        if (host.equals("0.0.0.0") || host.equals("::")) host = "localhost";
        if (host.contains(":")) host = "[" + host + "]";
        return (config.server().tls() == null ? "http://" : "https://") + host + ":" + port;
    }

    /** The admin token generated at this start, if this was the first start; it is not stored anywhere. */
    public Optional<String> firstStartToken() {
        return Optional.ofNullable(firstStartToken);
    }

    public AlertPipeline pipeline() {
        return pipeline;
    }

    public RelayMetrics metrics() {
        return metrics;
    }

    public PluginHost plugins() {
        return plugins;
    }

    /** Stops accepting, closes every session with 1001, stops the server. Safe to call twice. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) return;
        supervisor.stopping();
        plugins.close();
        int left = webSockets.shutdown(Duration.ofSeconds(5));
        supervisor.close();
        if (serving) server.stop();
        requestTimeouts.close();
        if (clusterFeed != null) clusterFeed.close();
        pipeline.closeStore();
        storeFiles.close();
        log.info("relay stopped{}", left > 0 ? " (" + left + " sessions did not close in time and were cut)" : "");
    }
}
