package io.alertrelay.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.alertrelay.command.Command;
import io.alertrelay.command.Operations;
import io.alertrelay.history.HistoryEntry;
import io.alertrelay.history.HistoryEvent;
import io.alertrelay.wire.WireCodec;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /api/history}: recently resolved alerts and what happened to them, newest first (docs/wall.md).
 * Query: {@code limit} (1 to the recorder's capacity, default 100) and {@code filter} (repeatable matcher, as
 * {@code GET /api/alerts}).
 */
final class HistoryApi {

    private final Operations ops;

    HistoryApi(Operations ops) {
        this.ops = ops;
    }

    void list(HttpServerExchange exchange) throws Exception {
        Answer.send(exchange, 200, () -> {
            Command.QueryHistory q = ops.decoder()
                    .queryHistory(
                            exchange.getQueryParameters(), ops.historyCapacity(), Operations.DEFAULT_HISTORY_LIMIT);
            return encode(ops.historyCapacity(), ops.history(q));
        });
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
