package io.alertrelay.http;

import static io.alertrelay.command.Action.ACK;
import static io.alertrelay.command.Action.CREATE_SILENCE;
import static io.alertrelay.command.Action.EXPIRE_SILENCE;
import static io.alertrelay.command.Action.LIST_ALERTS;
import static io.alertrelay.command.Action.LIST_PLUGINS;
import static io.alertrelay.command.Action.LIST_SILENCES;
import static io.alertrelay.command.Action.PUSH_ALERTS;
import static io.alertrelay.command.Action.QUERY_HISTORY;
import static io.alertrelay.command.Action.RESTART_PLUGIN;
import static io.alertrelay.command.Action.UNACK;
import static io.alertrelay.command.Action.UPDATE_SILENCE;

import io.alertrelay.auth.TokenRegistry;
import io.alertrelay.command.Operations;
import io.alertrelay.config.AlertsConfig;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.limit.BodyBudget;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.pipeline.PipelineLock;
import io.alertrelay.plugin.PluginHost;
import io.alertrelay.webhook.HookConfig;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.util.Headers;
import java.time.Clock;
import java.util.Map;

/**
 * The whole HTTP surface on one port, as a tree you can read top to bottom. I/O threads route and check headers;
 * request bodies are read on them too, as they arrive ({@link BodyReader}), so that a slow sender never holds a
 * worker thread; the work itself runs on worker threads. Nothing here reads a body with a blocking stream.
 */
public final class HttpRoutes {

    private HttpRoutes() {}

    public static HttpHandler build(
            Operations ops,
            TokenRegistry tokens,
            RelayMetrics metrics,
            Readiness readiness,
            HttpHandler webSocket,
            LimitsConfig limits,
            PluginHost plugins,
            Map<String, HookConfig> hooks,
            AlertsConfig alertsConfig,
            String version,
            Clock clock) {
        AlertPipeline pipeline = ops.pipeline();
        AuthFailureLimit failures = new AuthFailureLimit(limits.authFailuresPerMinute(), metrics);
        ApiAuth auth = new ApiAuth(tokens, failures);
        BodyReader bodies = new BodyReader(
                new BodyBudget(limits.maxBodyBytesInFlight(), limits.maxBodiesPerIp()),
                limits.requestBodyTimeout(),
                metrics);
        AlertsApi alerts = new AlertsApi(ops);
        SilencesApi silences = new SilencesApi(ops);
        PluginsApi pluginsApi = new PluginsApi(ops);
        HistoryApi history = new HistoryApi(ops);
        AlertmanagerPushHandler push = new AlertmanagerPushHandler(pipeline, metrics);
        HookIngest ingest = new HookIngest(plugins, pipeline, metrics, clock);
        WebhookHandler webhooks =
                new WebhookHandler(hooks, ingest, failures, bodies, limits.maxWebhookBytes(), clock, metrics);

        // each /api route: its method and path, the Action whose role rule admits the caller, then its work
        RoutingHandler api = Handlers.routing()
                .get("/api/alerts", auth.allow(LIST_ALERTS, onWorker(alerts::list)))
                .post(
                        "/api/alerts/{fingerprint}/ack",
                        auth.allow(ACK, withBody(bodies, SMALL_BODY, "a 64 KiB cap on ack bodies", alerts::ack)))
                .delete("/api/alerts/{fingerprint}/ack", auth.allow(UNACK, onWorker(alerts::unack)))
                .get("/api/silences", auth.allow(LIST_SILENCES, onWorker(silences::list)))
                .post(
                        "/api/silences",
                        auth.allow(
                                CREATE_SILENCE,
                                withBody(bodies, SMALL_BODY, "a 64 KiB cap on silence bodies", silences::create)))
                .put(
                        "/api/silences/{id}",
                        auth.allow(
                                UPDATE_SILENCE,
                                withBody(bodies, SMALL_BODY, "a 64 KiB cap on silence bodies", silences::update)))
                .delete("/api/silences/{id}", auth.allow(EXPIRE_SILENCE, onWorker(silences::expire)))
                .get("/api/plugins", auth.allow(LIST_PLUGINS, onWorker(pluginsApi::list)))
                .post("/api/plugins/{id}/restart", auth.allow(RESTART_PLUGIN, onWorker(pluginsApi::restart)))
                .get("/api/history", auth.allow(QUERY_HISTORY, onWorker(history::list)))
                .post(
                        "/api/v2/alerts",
                        auth.allow(
                                PUSH_ALERTS,
                                withBody(
                                        bodies,
                                        limits.maxWebhookBytes(),
                                        "limits.maxWebhookBytes",
                                        (ex, body) -> push.handle(ex, ApiAuth.caller(ex), body))))
                .post("/hooks/{name}", webhooks)
                .get("/metrics", onWorker(ex -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    ex.getResponseSender().send(metrics.scrape());
                }))
                // liveness: fails only on what a restart helps with, a pipeline stuck for a minute (not a full disk)
                .get("/healthz", ex -> {
                    String wedged = pipeline.stalledLongerThan(PipelineLock.WEDGED_AFTER);
                    if (wedged == null) Json.send(ex, 200, "{\"status\":\"ok\"}".getBytes());
                    else Json.error(ex, 503, "wedged", wedged);
                })
                .get("/readyz", ex -> {
                    String reason = readiness.reason();
                    if (reason == null) reason = pipeline.storeHealth().problem();
                    if (reason == null) reason = pipeline.stalledLongerThan(PipelineLock.NOT_READY_AFTER);
                    if (reason == null) Json.send(ex, 200, "{\"status\":\"ready\"}".getBytes());
                    else Json.error(ex, 503, "not-ready", reason);
                })
                .setInvalidMethodHandler(ex -> Json.error(
                        ex,
                        405,
                        "method-not-allowed",
                        ex.getRequestMethod() + " is not allowed on " + ex.getRequestPath()));

        // Alertmanager's API v2 for readers and silencers (the push above is its POST /api/v2/alerts)
        new AmV2Api(ops, AmV2Status.of(version, clock.instant(), alertsConfig), alertsConfig.groupBy(), clock)
                .addTo(api, auth, bodies, SMALL_BODY);

        HttpHandler wall = SecurityHeaders.wall(
                Handlers.resource(new ClassPathResourceManager(HttpRoutes.class.getClassLoader(), "alert-wall"))
                        .setWelcomeFiles("index.html"));
        api.setFallbackHandler(ex -> {
            Json.closeIfBodyUnread(ex);
            if (ex.getRequestPath().startsWith("/api/") || ex.getRequestPath().startsWith("/hooks/")) {
                Json.error(
                        ex,
                        404,
                        "not-found",
                        "no such endpoint: " + ex.getRequestMethod() + " " + ex.getRequestPath()
                                + "; docs/http-api.md lists them");
            } else {
                wall.handleRequest(ex);
            }
        });

        return SecurityHeaders.api(Handlers.path(api).addExactPath("/ws", webSocket));
    }

    /** Bodies of acks and silences: a few matchers and a comment. */
    private static final long SMALL_BODY = 65_536;

    /**
     * Runs {@code route} on a worker thread. A request body, which these routes do not take, is never read: the
     * connection is closed after the answer instead.
     */
    private static HttpHandler onWorker(Answer.Route route) {
        return ex -> {
            Json.closeIfBodyUnread(ex);
            ex.dispatch(worker -> Answer.orRefusal(worker, route));
        };
    }

    /**
     * The body (read as it arrives, on the I/O thread, after the route's {@link ApiAuth#allow} passed the caller),
     * then {@code action} on a worker thread.
     */
    private static HttpHandler withBody(BodyReader bodies, long maxBytes, String limitKey, BodyReader.BodyWork action) {
        return ex -> bodies.read(ex, maxBytes, limitKey, true, action);
    }
}
