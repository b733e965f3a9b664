package io.alertrelay.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.alertrelay.alert.AlertFilter;
import io.alertrelay.alert.MatchDeadline;
import io.alertrelay.auth.Role;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.history.HistoryEntry;
import io.alertrelay.history.HistoryEvent;
import io.alertrelay.history.HistoryRecorder;
import io.alertrelay.wire.WireCodec;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code GET /api/history}: recently resolved alerts and what happened to them, newest first (docs/wall.md).
 * Query: {@code limit} (1 to the recorder's capacity, default 100) and {@code filter} (repeatable matcher, as
 * {@code GET /api/alerts}).
 */
final class HistoryApi {

    static final int DEFAULT_LIMIT = 100;

    private final HistoryRecorder history;
    private final ApiAuth auth;
    private final LimitsConfig limits;

    HistoryApi(HistoryRecorder history, ApiAuth auth, LimitsConfig limits) {
        this.history = history;
        this.auth = auth;
        this.limits = limits;
    }

    void list(HttpServerExchange exchange) throws IOException {
        if (auth.require(exchange, Role::canRead, "read history: use a token of role viewer or higher") == null) return;
        Deque<String> filters = exchange.getQueryParameters().get("filter");
        AlertFilter filter;
        try {
            filter = AlertFilter.parse(filters == null ? List.of() : new ArrayList<>(filters), limits.maxRegexProgram());
        } catch (IllegalArgumentException e) {
            Json.error(exchange, 400, "bad-filter", e.getMessage());
            return;
        }
        int limit = DEFAULT_LIMIT;
        Deque<String> limitParam = exchange.getQueryParameters().get("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam.getFirst());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > history.capacity()) {
                Json.error(exchange, 400, "bad-limit", "limit '" + limitParam.getFirst() + "' must be a whole number from 1 to "
                        + history.capacity() + " (the history keeps that many resolved alerts)");
                return;
            }
        }
        List<HistoryEntry> entries;
        try {
            entries = history.recent(limit, filter, MatchDeadline.after(AlertsApi.queryBudget(limits)));
        } catch (MatchDeadline.Exceeded e) {
            AlertsApi.overBudget(exchange, limits, history.capacity());
            return;
        }
        Json.send(exchange, 200, encode(history.capacity(), entries));
    }

    static byte[] encode(int capacity, List<HistoryEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + entries.size() * 512);
        try (JsonGenerator g = WireCodec.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("capacity", capacity);
            g.writeArrayFieldStart("entries");
            for (HistoryEntry h : entries) writeEntry(g, h);
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeEntry(JsonGenerator g, HistoryEntry h) throws IOException {
        g.writeStartObject();
        g.writeStringField("fingerprint", h.fingerprint());
        g.writeStringField("severity", h.severity());
        WireCodec.writeMap(g, "labels", h.labels());
        WireCodec.writeMap(g, "annotations", h.annotations());
        g.writeStringField("source", h.source());
        WireCodec.writeTime(g, "firedAt", h.firedAt());
        WireCodec.writeTime(g, "resolvedAt", h.resolvedAt());
        WireCodec.writeAck(g, h.ack());
        g.writeArrayFieldStart("events");
        for (HistoryEvent e : h.events()) {
            g.writeStartObject();
            WireCodec.writeTime(g, "at", e.at());
            g.writeStringField("type", e.type());
            if (e.by() != null) g.writeStringField("by", e.by());
            if (e.detail() != null) g.writeStringField(e.type().equals("acked") ? "comment" : "silences", e.detail());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("eventsDropped", h.eventsDropped());
        g.writeEndObject();
    }

}
