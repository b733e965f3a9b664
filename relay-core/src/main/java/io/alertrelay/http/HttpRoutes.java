package io.alertrelay.http;

import io.alertrelay.auth.TokenRegistry;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.history.HistoryRecorder;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.pipeline.PipelineLock;
import io.alertrelay.plugin.PluginHost;
import io.alertrelay.store.StoreUnavailableException;
import io.alertrelay.webhook.HookConfig;
import java.time.Clock;
import java.util.Map;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;

/**
 * The whole HTTP surface on one port, as a tree you can read top to bottom. Handlers that read bodies or do
 * more than a lookup run on worker threads ({@link BlockingHandler}); I/O threads only route.
 */
public final class HttpRoutes {

    private HttpRoutes() {}

    public static HttpHandler build(AlertPipeline pipeline, TokenRegistry tokens, RelayMetrics metrics,
                                    Readiness readiness, HttpHandler webSocket, LimitsConfig limits,
                                    PluginHost plugins, Map<String, HookConfig> hooks, Clock clock) {
        ApiAuth auth = new ApiAuth(tokens);
        AlertsApi alerts = new AlertsApi(pipeline, auth, limits);
        SilencesApi silences = new SilencesApi(pipeline, auth, limits.maxMatchers(), limits.maxRegexProgram());
        PluginsApi pluginsApi = new PluginsApi(plugins, auth);

        RoutingHandler api = Handlers.routing()
                .get("/api/alerts", blocking(alerts::list))
                .post("/api/alerts/{fingerprint}/ack", blocking(alerts::ack))
                .delete("/api/alerts/{fingerprint}/ack", blocking(alerts::unack))
                .get("/api/silences", blocking(silences::list))
                .post("/api/silences", blocking(silences::create))
                .delete("/api/silences/{id}", blocking(silences::expire))
                .get("/api/plugins", blocking(pluginsApi::list))
                .post("/api/plugins/{id}/restart", blocking(pluginsApi::restart))
                .post("/hooks/{name}", blocking(
                        new WebhookHandler(hooks, plugins, pipeline, metrics, limits.maxWebhookBytes(), clock)::handleRequest))
                .get("/api/history", blocking(new HistoryApi(HistoryRecorder.listeningTo(pipeline), auth, limits)::list))
                .post("/api/v2/alerts", blocking(
                        new AlertmanagerPushHandler(pipeline, auth, metrics, limits.maxWebhookBytes())::handleRequest))
                .get("/metrics", blocking(ex -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    ex.getResponseSender().send(metrics.scrape());
                }))
                // liveness: fails only on what a restart helps with, a pipeline stuck for a minute (not a full disk)
                .get("/healthz", ex -> {
                    String wedged = pipeline.lock().stalledLongerThan(PipelineLock.WEDGED_AFTER);
                    if (wedged == null) Json.send(ex, 200, "{\"status\":\"ok\"}".getBytes());
                    else Json.error(ex, 503, "wedged", wedged);
                })
                .get("/readyz", ex -> {
                    String reason = readiness.reason();
                    if (reason == null) reason = pipeline.storeHealth().problem();
                    if (reason == null) reason = pipeline.lock().stalledLongerThan(PipelineLock.NOT_READY_AFTER);
                    if (reason == null) Json.send(ex, 200, "{\"status\":\"ready\"}".getBytes());
                    else Json.error(ex, 503, "not-ready", reason);
                })
                .setInvalidMethodHandler(ex -> Json.error(ex, 405, "method-not-allowed",
                        ex.getRequestMethod() + " is not allowed on " + ex.getRequestPath()));

        ResourceHandler wall = Handlers.resource(new ClassPathResourceManager(HttpRoutes.class.getClassLoader(), "alert-wall"))
                .setWelcomeFiles("index.html");
        api.setFallbackHandler(ex -> {
            if (ex.getRequestPath().startsWith("/api/") || ex.getRequestPath().startsWith("/hooks/")) {
                Json.error(ex, 404, "not-found", "no such endpoint: " + ex.getRequestMethod() + " "
                        + ex.getRequestPath() + "; docs/http-api.md lists them");
            } else {
                wall.handleRequest(ex);
            }
        });

        return Handlers.path(api).addExactPath("/ws", webSocket);
    }

    @FunctionalInterface
    interface Action {
        void handle(HttpServerExchange exchange) throws Exception;
    }

    /**
     * Runs {@code action} on a worker thread. A change the store could not commit is answered 503 with the
     * store's reason (nothing of it was kept, so the sender can simply send it again).
     */
    private static HttpHandler blocking(Action action) {
        return new BlockingHandler(ex -> {
            try {
                action.handle(ex);
            } catch (StoreUnavailableException e) {
                if (ex.isResponseStarted()) throw e;
                ex.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
                Json.error(ex, 503, "store-unavailable", e.getMessage());
            }
        });
    }
}
