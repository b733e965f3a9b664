package io.alertrelay.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertFilter;
import io.alertrelay.alert.NoSuchAlertException;
import io.alertrelay.auth.Principal;
import io.alertrelay.auth.Role;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.wire.WireCodec;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/** {@code GET /api/alerts}, {@code POST} and {@code DELETE /api/alerts/{fingerprint}/ack}. */
final class AlertsApi {

    private final AlertPipeline pipeline;
    private final ApiAuth auth;

    AlertsApi(AlertPipeline pipeline, ApiAuth auth) {
        this.pipeline = pipeline;
        this.auth = auth;
    }

    /** Query: {@code filter} (repeatable matcher, e.g. {@code filter=severity=~critical|warning}), {@code status}. */
    void list(HttpServerExchange exchange) {
        if (auth.require(exchange, Role::canRead, "read alerts: use a token of role viewer or higher") == null) return;
        Deque<String> filters = exchange.getQueryParameters().get("filter");
        AlertFilter filter;
        try {
            filter = AlertFilter.parse(filters == null ? List.of() : new ArrayList<>(filters));
        } catch (IllegalArgumentException e) {
            Json.error(exchange, 400, "bad-filter", e.getMessage());
            return;
        }
        Deque<String> statusParam = exchange.getQueryParameters().get("status");
        String status = statusParam == null ? null : statusParam.getFirst().toLowerCase(Locale.ROOT);
        if (status != null && !status.equals("firing") && !status.equals("resolved")) {
            Json.error(exchange, 400, "bad-status", "status '" + status + "' is not firing or resolved");
            return;
        }
        List<Alert> out = pipeline.alerts().stream()
                .filter(filter::matches)
                .filter(a -> status == null || a.status().name().equalsIgnoreCase(status))
                .sorted(Comparator.comparing(Alert::startsAt).reversed().thenComparing(Alert::fingerprint))
                .toList();
        Json.send(exchange, 200, WireCodec.alertList(out));
    }

    void ack(HttpServerExchange exchange) throws Exception {
        Principal who = auth.require(exchange, Role::canOperate, "acknowledge: use a token of role operator or admin");
        if (who == null) return;
        byte[] body = Json.readBody(exchange, 65536, "a 64 KiB cap on ack bodies");
        if (body == null) return;
        String comment;
        try {
            JsonNode n = body.length == 0 ? null : WireCodec.mapper().readTree(body);
            comment = n == null ? "" : n.path("comment").asText("");
        } catch (Exception e) {
            Json.error(exchange, 400, "bad-json", "the body must be JSON like {\"comment\": \"on it\"}");
            return;
        }
        if (io.alertrelay.alert.Unicode.problem(comment) != null) {
            Json.error(exchange, 400, "bad-json", "\"comment\" is " + io.alertrelay.alert.Unicode.problem(comment));
            return;
        }
        String fp = exchange.getQueryParameters().get("fingerprint").getFirst();
        respond(exchange, () -> pipeline.ack(fp, who.name(), comment));
    }

    void unack(HttpServerExchange exchange) {
        if (auth.require(exchange, Role::canOperate, "unacknowledge: use a token of role operator or admin") == null) return;
        String fp = exchange.getQueryParameters().get("fingerprint").getFirst();
        respond(exchange, () -> pipeline.unack(fp));
    }

    private static void respond(HttpServerExchange exchange, java.util.function.Supplier<Alert> action) {
        try {
            Json.send(exchange, 200, WireCodec.alert(action.get()));
        } catch (NoSuchAlertException e) {
            Json.error(exchange, 404, "not-found", e.getMessage());
        } catch (IllegalStateException | IllegalArgumentException e) {
            Json.error(exchange, 409, "conflict", e.getMessage());
        }
    }
}
