package io.alertrelay.http;

import io.alertrelay.alert.PostableAlert;
import io.alertrelay.auth.Principal;
import io.alertrelay.auth.Role;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.pipeline.AlertPipeline;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;

/**
 * {@code POST /api/v2/alerts}: Alertmanager's push API, so Prometheus can use the relay as its Alertmanager.
 * Prometheus re-sends firing alerts every evaluation; the pipeline turns a re-send that changes nothing into
 * no message at all.
 */
final class AlertmanagerPushHandler implements HttpHandler {

    private final AlertPipeline pipeline;
    private final ApiAuth auth;
    private final RelayMetrics metrics;
    private final long maxBytes;

    AlertmanagerPushHandler(AlertPipeline pipeline, ApiAuth auth, RelayMetrics metrics, long maxBytes) {
        this.pipeline = pipeline;
        this.auth = auth;
        this.metrics = metrics;
        this.maxBytes = maxBytes;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Principal who = auth.require(exchange, Role::canIngest, "push alerts: use a token of role ingest, operator or admin");
        if (who == null) return;
        byte[] body = Json.readBody(exchange, maxBytes, "limits.maxWebhookBytes",
                () -> metrics.httpRejected("too-large"));
        if (body == null) return;
        List<PostableAlert> alerts;
        try {
            alerts = PostableAlertParser.parse(body);
        } catch (PostableAlertParser.BadAlert e) {
            Json.error(exchange, 400, "bad-alert", e.getMessage() + "; nothing in this request was stored");
            return;
        }
        metrics.alertsIngested("api", alerts.size());
        int changed = pipeline.ingest(alerts, "api:" + who.name());
        Json.send(exchange, 200, ("{\"accepted\":" + alerts.size() + ",\"changed\":" + changed + "}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
