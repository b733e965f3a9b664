package io.alertrelay.http;

import io.alertrelay.command.Command;
import io.alertrelay.command.Decoder;
import io.alertrelay.command.Operations;
import io.alertrelay.wire.WireCodec;
import io.undertow.server.HttpServerExchange;

/** {@code GET /api/alerts}, {@code POST} and {@code DELETE /api/alerts/{fingerprint}/ack}: a REST adapter. */
final class AlertsApi {

    private final Operations ops;

    AlertsApi(Operations ops) {
        this.ops = ops;
    }

    /** Query: {@code filter} (repeatable matcher, e.g. {@code filter=severity=~critical|warning}), {@code status}. */
    void list(HttpServerExchange exchange) throws Exception {
        Answer.send(
                exchange,
                200,
                () -> WireCodec.alertList(ops.alerts(ops.decoder().listAlerts(exchange.getQueryParameters()))));
    }

    /** With the whole body (optional: {"comment": "..."}). */
    void ack(HttpServerExchange exchange, byte[] body) throws Exception {
        Answer.send(exchange, 200, () -> {
            Command.Ack c = ops.decoder()
                    .ack(
                            fingerprint(exchange),
                            Decoder.json(body, "the body must be JSON like {\"comment\": \"on it\"}"));
            return WireCodec.alert(ops.ack(ApiAuth.caller(exchange), c));
        });
    }

    void unack(HttpServerExchange exchange) throws Exception {
        Answer.send(exchange, 200, () -> WireCodec.alert(ops.unack(new Command.Unack(fingerprint(exchange)))));
    }

    private static String fingerprint(HttpServerExchange exchange) {
        return exchange.getQueryParameters().get("fingerprint").getFirst();
    }
}
