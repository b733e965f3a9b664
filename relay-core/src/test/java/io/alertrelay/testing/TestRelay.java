package io.alertrelay.testing;

import io.alertrelay.Relay;
import io.alertrelay.auth.Role;
import io.alertrelay.auth.Tokens;
import io.alertrelay.config.AlertsConfig;
import io.alertrelay.config.AuthConfig;
import io.alertrelay.config.JournalConfig;
import io.alertrelay.config.JwtConfig;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.config.RelayConfig;
import io.alertrelay.config.ServerConfig;
import io.alertrelay.config.TlsConfig;
import io.alertrelay.config.TokenConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** A relay started in-process on a loopback port (a free one unless a test picks it), with one token per role. */
public final class TestRelay implements AutoCloseable {

    public static final String ADMIN = "test-admin-token";
    public static final String OPERATOR = "test-operator-token";
    public static final String VIEWER = "test-viewer-token";
    public static final String INGEST = "test-ingest-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The settings tests change; everything else keeps its default. */
    public static final class Tweaks {
        /** 0 picks a free port; a fixed one lets a test stop a relay and start another where clients expect it. */
        public int port = 0;

        public Duration heartbeat = Duration.ofSeconds(30);
        public long sendQueueBytes = 1_048_576;
        public int maxMessageBytes = 65_536;
        public int maxWebhookBytes = 1_048_576;
        public int framesPerSecond = 50;
        public int maxConnectionsPerIp = 1_000;
        public int maxConnections = 20_000;
        public int subscribesPerMinute = LimitsConfig.DEFAULT_SUBSCRIBES_PER_MINUTE;
        public Duration requestHeaderTimeout = LimitsConfig.DEFAULT_REQUEST_HEADER_TIMEOUT;
        public Duration requestBodyTimeout = LimitsConfig.DEFAULT_REQUEST_BODY_TIMEOUT;
        public int maxBodiesPerIp = LimitsConfig.DEFAULT_MAX_BODIES_PER_IP;
        /**
         * Not the default (30): tests send many deliberate failures from 127.0.0.1, beside bystanders on the same
         * address. The tests of this limit set it.
         */
        public int authFailuresPerMinute = 100_000;

        public long maxBodyBytesInFlight = LimitsConfig.DEFAULT_MAX_BODY_BYTES_IN_FLIGHT;
        public Duration authTimeout = Duration.ofSeconds(5);
        public int journalMaxEntries = 100_000;
        public Duration resolveTimeout = Duration.ofMinutes(5);
        public List<String> allowedOrigins = List.of();
        /** JWTs accepted besides the four tokens; null: none. */
        public JwtConfig jwt = null;
        /** Where the relay reads secrets named in the config (auth.jwt.secretEnv, hmacSecretEnv). */
        public Map<String, String> env = System.getenv();
        /** Set: the relay serves HTTPS and WSS; use {@link #base()} and {@link #wsUri()}, which follow it. */
        public TlsConfig tls = null;
        /** Last word on the config (plugins, hooks): applied after everything above. */
        public UnaryOperator<RelayConfig> config = UnaryOperator.identity();
        /** The relay's clock: a {@link MovableClock} lets a test move the relay's time (expiries) ahead. */
        public Clock clock = Clock.systemUTC();
    }

    public final Relay relay;
    private final List<WsTestClient> clients = new ArrayList<>();

    private TestRelay(Relay relay) {
        this.relay = relay;
    }

    public static TestRelay start(Path dataDir) {
        return start(dataDir, t -> {});
    }

    public static TestRelay start(Path dataDir, Consumer<Tweaks> tweak) {
        Tweaks t = new Tweaks();
        tweak.accept(t);
        RelayConfig d = RelayConfig.defaults();
        RelayConfig cfg = d.withServer(new ServerConfig("127.0.0.1", t.port, t.heartbeat, t.tls))
                .withDataDir(dataDir)
                .withAuth(new AuthConfig(
                        List.of(
                                token("admin", Role.ADMIN, ADMIN), token("operator", Role.OPERATOR, OPERATOR),
                                token("viewer", Role.VIEWER, VIEWER), token("ingest", Role.INGEST, INGEST)),
                        t.allowedOrigins,
                        t.jwt))
                .withLimits(new LimitsConfig(
                        t.maxMessageBytes,
                        t.maxWebhookBytes,
                        t.sendQueueBytes,
                        t.maxConnections,
                        t.maxConnectionsPerIp,
                        t.framesPerSecond,
                        t.authTimeout,
                        d.limits().maxMatchers(),
                        t.subscribesPerMinute,
                        t.requestHeaderTimeout,
                        d.limits().maxRegexProgram(),
                        d.limits().filterBudget(),
                        t.requestBodyTimeout,
                        t.maxBodiesPerIp,
                        t.authFailuresPerMinute,
                        t.maxBodyBytesInFlight))
                .withJournal(new JournalConfig(t.journalMaxEntries, d.journal().maxAge()))
                .withAlerts(new AlertsConfig(
                        t.resolveTimeout,
                        d.alerts().resolvedRetention(),
                        d.alerts().expiredSilenceRetention()));
        return new TestRelay(Relay.start(t.config.apply(cfg), t.clock, t.env));
    }

    private static TokenConfig token(String name, Role role, String token) {
        return new TokenConfig(name, role, Tokens.sha256Hex(token));
    }

    public URI wsUri() {
        return URI.create(base().replaceFirst("^http", "ws") + "/ws");
    }

    public String base() {
        return relay.baseUrl();
    }

    /** A reading client authenticated with a bearer header; its welcome is already consumed. */
    public WsTestClient client(String token) {
        WsTestClient c = WsTestClient.connect(wsUri(), token);
        clients.add(c);
        c.next("welcome");
        return c;
    }

    /** A client subscribed with the given matchers; its snapshot is already consumed. */
    public WsTestClient subscribed(String token, String... matchers) {
        WsTestClient c = client(token);
        c.send(Frames.subscribe(matchers));
        c.next("snapshot");
        return c;
    }

    public WsTestClient track(WsTestClient c) {
        clients.add(c);
        return c;
    }

    public HttpResponse<String> http(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    /** Pushes alerts as Prometheus does and asserts the relay took them. */
    public void push(String alertsJson) {
        HttpResponse<String> r = http("POST", "/api/v2/alerts", INGEST, alertsJson);
        if (r.statusCode() != 200) throw new AssertionError("push answered " + r.statusCode() + ": " + r.body());
    }

    @Override
    public void close() {
        clients.forEach(WsTestClient::close);
        relay.close();
    }
}
