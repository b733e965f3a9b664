package io.alertrelay.http;

import io.alertrelay.alert.PostableAlert;
import io.alertrelay.auth.Principal;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.pipeline.AlertPipeline;
import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code POST /api/v2/alerts}: Alertmanager's push API, so Prometheus can use the relay as its Alertmanager.
 * Prometheus re-sends firing alerts every evaluation; the pipeline turns a re-send that changes nothing into
 * no message at all. The route authenticates the caller and reads the body first (HttpRoutes, BodyReader).
 */
final class AlertmanagerPushHandler {

    private final AlertPipeline pipeline;
    private final RelayMetrics metrics;

    AlertmanagerPushHandler(AlertPipeline pipeline, RelayMetrics metrics) {
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    /** On a worker thread, with the whole body of an authenticated caller. */
    void handle(HttpServerExchange exchange, Principal who, byte[] body) {
        List<PostableAlert> alerts;
        try {
            alerts = PostableAlertParser.parse(body);
        } catch (PostableAlertParser.BadAlert e) {
            Json.error(exchange, 400, "bad-alert", e.getMessage() + "; nothing in this request was stored");
            return;
        }
        metrics.alertsIngested("api", alerts.size());
        int changed = pipeline.ingest(alerts, "api:" + who.name());
        Json.send(
                exchange,
                200,
                ("{\"accepted\":" + alerts.size() + ",\"changed\":" + changed + "}").getBytes(StandardCharsets.UTF_8));
    }
}
