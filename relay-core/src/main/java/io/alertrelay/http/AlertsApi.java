package io.alertrelay.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertFilter;
import io.alertrelay.alert.MatchDeadline;
import io.alertrelay.alert.NoSuchAlertException;
import io.alertrelay.auth.Principal;
import io.alertrelay.auth.Role;
import io.alertrelay.config.LimitsConfig;
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
    private final LimitsConfig limits;

    AlertsApi(AlertPipeline pipeline, ApiAuth auth, LimitsConfig limits) {
        this.pipeline = pipeline;
        this.auth = auth;
        this.limits = limits;
    }

    /** Query: {@code filter} (repeatable matcher, e.g. {@code filter=severity=~critical|warning}), {@code status}. */
    void list(HttpServerExchange exchange) {
        if (auth.require(exchange, Role::canRead, "read alerts: use a token of role viewer or higher") == null) return;
        Deque<String> filters = exchange.getQueryParameters().get("filter");
        AlertFilter filter;
        try {
            filter = AlertFilter.parse(filters == null ? List.of() : new ArrayList<>(filters), limits.maxRegexProgram());
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
        // filtered after the pipeline's lock is released, within the filter budget: a worker is not held for long
        List<Alert> all = pipeline.alerts();
        MatchDeadline deadline = MatchDeadline.after(queryBudget(limits));
        List<Alert> out = new ArrayList<>();
        try {
            for (Alert a : all) {
                if ((status == null || a.status().name().equalsIgnoreCase(status)) && filter.matches(a, deadline)) out.add(a);
            }
        } catch (MatchDeadline.Exceeded e) {
            overBudget(exchange, limits, all.size());
            return;
        }
        out.sort(Comparator.comparing(Alert::startsAt).reversed().thenComparing(Alert::fingerprint));
        Json.send(exchange, 200, WireCodec.alertList(out));
    }

    /**
     * What a query's filter may spend: 20 times {@code limits.filterBudget} (1 s by default). A query holds a worker,
     * not the pipeline's lock, and many of them at once share the CPU, so its clock runs slower than a fan-out's.
     */
    static java.time.Duration queryBudget(LimitsConfig limits) {
        return limits.filterBudget().multipliedBy(QUERY_BUDGET_FACTOR);
    }

    static final int QUERY_BUDGET_FACTOR = 20;

    /** A query's filter did not fit in its budget: 400, saying so (also for /api/history). */
    static void overBudget(HttpServerExchange exchange, LimitsConfig limits, int looked) {
        MatchDeadline.countOverBudget();
        Json.error(exchange, 400, "bad-filter", "the filter's regexes took more than " + queryBudget(limits).toMillis()
                + " ms (" + QUERY_BUDGET_FACTOR + " x limits.filterBudget) over " + looked
                + " alerts: use fewer or simpler regexes");
    }

    /** On a worker thread, with the whole body (optional: {"comment": "..."}) of an operator or admin. */
    void ack(HttpServerExchange exchange, Principal who, byte[] body) {
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
