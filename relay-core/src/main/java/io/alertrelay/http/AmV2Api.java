package io.alertrelay.http;

import static io.alertrelay.command.Action.CREATE_SILENCE;
import static io.alertrelay.command.Action.EXPIRE_SILENCE;
import static io.alertrelay.command.Action.LIST_ALERTS;
import static io.alertrelay.command.Action.LIST_SILENCES;
import static io.alertrelay.command.Action.READ_STATUS;

import io.alertrelay.alert.Silence;
import io.alertrelay.command.Command;
import io.alertrelay.command.Decoder;
import io.alertrelay.command.Operations;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Alertmanager's API v2 for readers and silencers (amtool, Grafana's Alertmanager data source, karma), on the
 * relay's port and tokens: a front door over {@link Operations} like the REST routes and the WebSocket, so a silence
 * made here is the one the wall sees live. Answers and refusals take Alertmanager's shapes ({@link AmV2Json}; a
 * refusal is a bare JSON string). {@code POST /api/v2/alerts}, the push, is {@link AlertmanagerPushHandler}.
 */
final class AmV2Api {

    /** Alertmanager's error body: the message as a JSON string, with the status {@link Answer} chose. */
    private static final Answer.Refusal AM = (ex, f) -> Json.send(ex, f.status(), AmV2Json.string(f.message()));

    private final Operations ops;
    private final AmV2Status status;
    private final List<String> groupBy;
    private final Clock clock;

    AmV2Api(Operations ops, AmV2Status status, List<String> groupBy, Clock clock) {
        this.ops = ops;
        this.status = status;
        this.groupBy = List.copyOf(groupBy);
        this.clock = clock;
    }

    /** Adds its routes, each behind {@code auth} with the Action a REST route of the same work has. */
    void addTo(RoutingHandler api, ApiAuth auth, BodyReader bodies, long maxBody) {
        api.get("/api/v2/status", auth.allow(READ_STATUS, onWorker(this::status)))
                .get("/api/v2/receivers", auth.allow(READ_STATUS, onWorker(ex -> ok(ex, AmV2Json.receivers()))))
                .get("/api/v2/alerts", auth.allow(LIST_ALERTS, onWorker(this::alerts)))
                .get("/api/v2/alerts/groups", auth.allow(LIST_ALERTS, onWorker(this::groups)))
                .get("/api/v2/silences", auth.allow(LIST_SILENCES, onWorker(this::silences)))
                // with an id it is a change, which takes the same role as a new silence (operator)
                .post(
                        "/api/v2/silences",
                        auth.allow(
                                CREATE_SILENCE,
                                ex -> bodies.read(ex, maxBody, "a 64 KiB cap on silence bodies", true, this::post)))
                .get("/api/v2/silence/{id}", auth.allow(LIST_SILENCES, onWorker(this::silence)))
                .delete("/api/v2/silence/{id}", auth.allow(EXPIRE_SILENCE, onWorker(this::expire)));
    }

    private void status(HttpServerExchange ex) {
        InetSocketAddress local = ex.getDestinationAddress();
        String self = local.getHostString() + ":" + local.getPort();
        ok(ex, status.render(self));
    }

    /** {@code ?active&silenced&inhibited&unprocessed&filter&receiver}, as {@link Decoder#amAlerts} reads them. */
    private void alerts(HttpServerExchange ex) {
        ok(ex, AmV2Json.alerts(ops.alerts(ops.decoder().amAlerts(ex.getQueryParameters()))));
    }

    private void groups(HttpServerExchange ex) {
        ok(ex, AmV2Json.groups(ops.alerts(ops.decoder().amAlerts(ex.getQueryParameters())), groupBy));
    }

    private void silences(HttpServerExchange ex) {
        ok(ex, AmV2Json.silences(ops.silences(ops.decoder().amSilences(ex.getQueryParameters())), clock.instant()));
    }

    /** Alertmanager answers an unknown id with 404 and no body. */
    private void silence(HttpServerExchange ex) {
        Optional<Silence> s = ops.silence(id(ex));
        if (s.isPresent()) ok(ex, AmV2Json.silence(s.get(), clock.instant()));
        else Json.send(ex, 404, new byte[0]);
    }

    /** Alertmanager answers an expiry with 200 and no body. */
    private void expire(HttpServerExchange ex) {
        ops.expireSilence(new Command.ExpireSilence(id(ex)));
        Json.send(ex, 200, new byte[0]);
    }

    /**
     * A postable silence: new without an {@code id}; with one, a change to that silence (in place, or the old one
     * expires and a new id answers, Alertmanager's rule); 404 for an id the relay does not hold, which is how amtool
     * learns to import a silence afresh.
     */
    private void post(HttpServerExchange exchange, byte[] body) throws Exception {
        Answer.orRefusal(
                exchange,
                ex -> {
                    Command c = ops.decoder().postableSilence(Decoder.json(body, null));
                    Silence s = c instanceof Command.UpdateSilence u
                            ? ops.updateSilence(ApiAuth.caller(ex), u)
                            : ops.createSilence(ApiAuth.caller(ex), (Command.CreateSilence) c);
                    ok(ex, AmV2Json.silenceId(s.id()));
                },
                AM);
    }

    private static String id(HttpServerExchange ex) {
        return ex.getQueryParameters().get("id").getFirst();
    }

    private static void ok(HttpServerExchange ex, byte[] body) {
        Json.send(ex, 200, body);
    }

    /** On a worker thread, refusals in Alertmanager's shape; a body these routes do not take is never read. */
    private static HttpHandler onWorker(Answer.Route route) {
        return ex -> {
            Json.closeIfBodyUnread(ex);
            ex.dispatch(worker -> Answer.orRefusal(worker, route, AM));
        };
    }
}
