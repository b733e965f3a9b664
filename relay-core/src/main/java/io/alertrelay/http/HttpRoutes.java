package io.alertrelay.http;

import io.alertrelay.auth.Principal;
import io.alertrelay.auth.Role;
import io.alertrelay.auth.TokenRegistry;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.history.HistoryRecorder;
import io.alertrelay.limit.BodyBudget;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.pipeline.PipelineLock;
import io.alertrelay.plugin.PluginHost;
import io.alertrelay.store.StoreUnavailableException;
import io.alertrelay.webhook.HookConfig;
import java.time.Clock;
import java.util.Map;
import java.util.function.Predicate;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.util.Headers;

/**
 * The whole HTTP surface on one port, as a tree you can read top to bottom. I/O threads route and check headers;
 * request bodies are read on them too, as they arrive ({@link BodyReader}), so that a slow sender never holds a
 * worker thread; the work itself runs on worker threads. Nothing here reads a body with a blocking stream.
 */
public final class HttpRoutes {

    private HttpRoutes() {}

    public static HttpHandler build(AlertPipeline pipeline, TokenRegistry tokens, RelayMetrics metrics,
                                    Readiness readiness, HttpHandler webSocket, LimitsConfig limits,
                                    PluginHost plugins, Map<String, HookConfig> hooks, Clock clock) {
        AuthFailureLimit failures = new AuthFailureLimit(limits.authFailuresPerMinute(), metrics);
        ApiAuth auth = new ApiAuth(tokens, failures);
        BodyReader bodies = new BodyReader(new BodyBudget(limits.maxBodyBytesInFlight(), limits.maxBodiesPerIp()),
                limits.requestBodyTimeout(), metrics);
        AlertsApi alerts = new AlertsApi(pipeline, auth, limits);
        SilencesApi silences = new SilencesApi(pipeline, auth, limits.maxMatchers(), limits.maxRegexProgram());
        PluginsApi pluginsApi = new PluginsApi(plugins, auth);
        AlertmanagerPushHandler push = new AlertmanagerPushHandler(pipeline, metrics);
        HookIngest ingest = new HookIngest(plugins, pipeline, metrics);
        WebhookHandler webhooks = new WebhookHandler(hooks, ingest, failures, bodies, limits.maxWebhookBytes(), clock,
                metrics);

        RoutingHandler api = Handlers.routing()
                .get("/api/alerts", onWorker(alerts::list))
                .post("/api/alerts/{fingerprint}/ack", withBody(auth, bodies, Role::canOperate,
                        "acknowledge: use a token of role operator or admin", SMALL_BODY, "a 64 KiB cap on ack bodies",
                        alerts::ack))
                .delete("/api/alerts/{fingerprint}/ack", onWorker(alerts::unack))
                .get("/api/silences", onWorker(silences::list))
                .post("/api/silences", withBody(auth, bodies, Role::canOperate,
                        "create silences: use a token of role operator or admin", SMALL_BODY,
                        "a 64 KiB cap on silence bodies", silences::create))
                .delete("/api/silences/{id}", onWorker(silences::expire))
                .get("/api/plugins", onWorker(pluginsApi::list))
                .post("/api/plugins/{id}/restart", onWorker(pluginsApi::restart))
                .post("/hooks/{name}", webhooks)
                .get("/api/history", onWorker(new HistoryApi(HistoryRecorder.listeningTo(pipeline), auth, limits)::list))
                .post("/api/v2/alerts", withBody(auth, bodies, Role::canIngest,
                        "push alerts: use a token of role ingest, operator or admin", limits.maxWebhookBytes(),
                        "limits.maxWebhookBytes", push::handle))
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
                .setInvalidMethodHandler(ex -> Json.error(ex, 405, "method-not-allowed",
                        ex.getRequestMethod() + " is not allowed on " + ex.getRequestPath()));

        HttpHandler wall = SecurityHeaders.wall(Handlers.resource(
                new ClassPathResourceManager(HttpRoutes.class.getClassLoader(), "alert-wall")).setWelcomeFiles("index.html"));
        api.setFallbackHandler(ex -> {
            Json.closeIfBodyUnread(ex);
            if (ex.getRequestPath().startsWith("/api/") || ex.getRequestPath().startsWith("/hooks/")) {
                Json.error(ex, 404, "not-found", "no such endpoint: " + ex.getRequestMethod() + " "
                        + ex.getRequestPath() + "; docs/http-api.md lists them");
            } else {
                wall.handleRequest(ex);
            }
        });

        return SecurityHeaders.api(Handlers.path(api).addExactPath("/ws", webSocket));
    }

    /** Bodies of acks and silences: a few matchers and a comment. */
    private static final long SMALL_BODY = 65_536;

    @FunctionalInterface
    interface Action {
        void handle(HttpServerExchange exchange) throws Exception;
    }

    /** The work of a route that takes a body, on a worker thread, for a caller its bearer token identified. */
    @FunctionalInterface
    interface BodyAction {
        void handle(HttpServerExchange exchange, Principal who, byte[] body) throws Exception;
    }

    /**
     * Runs {@code action} on a worker thread. A request body, which these routes do not take, is never read: the
     * connection is closed after the answer instead.
     */
    private static HttpHandler onWorker(Action action) {
        return ex -> {
            Json.closeIfBodyUnread(ex);
            ex.dispatch(worker -> answerStoreFailures(worker, action));
        };
    }

    /**
     * The token and role from the headers (on the I/O thread: a refusal reads no body), then the body, then
     * {@code action} on a worker thread.
     */
    private static HttpHandler withBody(ApiAuth auth, BodyReader bodies, Predicate<Role> allowed, String what,
                                        long maxBytes, String limitKey, BodyAction action) {
        return ex -> {
            Principal who = auth.require(ex, allowed, what);
            if (who == null) return;
            bodies.read(ex, maxBytes, limitKey, true, (worker, body) -> action.handle(worker, who, body));
        };
    }

    /**
     * Runs {@code action}; a change the store could not commit is answered 503 with the store's reason (nothing of
     * it was kept, so the sender can simply send it again).
     */
    static void answerStoreFailures(HttpServerExchange ex, Action action) throws Exception {
        try {
            action.handle(ex);
        } catch (StoreUnavailableException e) {
            if (ex.isResponseStarted()) throw e;
            ex.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
            Json.error(ex, 503, "store-unavailable", e.getMessage());
        }
    }
}
