package io.alertrelay.http;

import io.alertrelay.command.Command;
import io.alertrelay.command.Decoder;
import io.alertrelay.command.Operations;
import io.alertrelay.wire.WireCodec;
import io.undertow.server.HttpServerExchange;

/** {@code GET/POST /api/silences}, {@code DELETE /api/silences/{id}}: a REST adapter. */
final class SilencesApi {

    private final Operations ops;

    SilencesApi(Operations ops) {
        this.ops = ops;
    }

    void list(HttpServerExchange exchange) throws Exception {
        Answer.send(exchange, 200, () -> WireCodec.silenceList(ops.silences()));
    }

    /**
     * Body: {"matchers": ["alertname=DiskFull", ...], "startsAt": optional, "endsAt": RFC 3339, "comment": "..."};
     * matchers may also be Alertmanager objects {name, value, isRegex, isEqual} ({@link Decoder#silence}).
     */
    void create(HttpServerExchange exchange, byte[] body) throws Exception {
        Answer.send(exchange, 201, () -> {
            Command.CreateSilence c = ops.decoder().silence(Decoder.json(body, null));
            return WireCodec.silence(ops.createSilence(ApiAuth.caller(exchange), c));
        });
    }

    /**
     * {@code PUT /api/silences/{id}}, the same body as {@link #create}: changed in place, or expired and replaced by
     * a new silence when its matchers change or the change cannot apply in place (Alertmanager's rule). Answers the
     * silence that holds now.
     */
    void update(HttpServerExchange exchange, byte[] body) throws Exception {
        String id = exchange.getQueryParameters().get("id").getFirst();
        Answer.send(exchange, 200, () -> {
            Command.UpdateSilence c = ops.decoder().updateSilence(id, Decoder.json(body, null));
            return WireCodec.silence(ops.updateSilence(ApiAuth.caller(exchange), c));
        });
    }

    void expire(HttpServerExchange exchange) throws Exception {
        String id = exchange.getQueryParameters().get("id").getFirst();
        Answer.send(exchange, 200, () -> WireCodec.silence(ops.expireSilence(new Command.ExpireSilence(id))));
    }
}
