package io.alertrelay.http;

import io.alertrelay.command.Action;
import io.alertrelay.command.Failure;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;

/**
 * A command's REST answer: its result as JSON, or its refusal as {@link Failure} maps it. Every route's work runs
 * inside {@link #orRefusal}, so a refusal thrown anywhere in it (a decoder's 400, the store's 503) gets the same
 * answer on every route and over the WebSocket.
 */
final class Answer {

    /** The action a route carries out, attached by {@link ApiAuth#allow}; absent on {@code /hooks} and health. */
    static final AttachmentKey<Action> ACTION = AttachmentKey.create(Action.class);

    private Answer() {}

    /** The work of one route: decode, carry out, encode; throws what the command refuses. */
    @FunctionalInterface
    interface Work {
        byte[] run() throws Exception;
    }

    /** A route's work on a worker thread. */
    @FunctionalInterface
    interface Route {
        void handle(HttpServerExchange exchange) throws Exception;
    }

    /** How a front door words a refusal: the relay's {"error", "message"}, or Alertmanager's bare JSON string. */
    @FunctionalInterface
    interface Refusal {
        void send(HttpServerExchange exchange, Failure failure);
    }

    /** The relay's own error body. */
    static final Refusal RELAY = (ex, f) -> Json.error(ex, f.status(), f.restCode(), f.message());

    static void send(HttpServerExchange exchange, int status, Work work) throws Exception {
        Json.send(exchange, status, work.run());
    }

    /**
     * Runs {@code route}; what it throws that {@link Failure} knows as a refusal is answered as such (nothing of the
     * request was kept), anything else goes on to Undertow's 500.
     */
    static void orRefusal(HttpServerExchange exchange, Route route) throws Exception {
        orRefusal(exchange, route, RELAY);
    }

    /** As {@link #orRefusal(HttpServerExchange, Route)}, with the refusal worded by {@code refusal}. */
    static void orRefusal(HttpServerExchange exchange, Route route, Refusal refusal) throws Exception {
        try {
            route.handle(exchange);
        } catch (RuntimeException e) {
            Failure f = Failure.of(e, exchange.getAttachment(ACTION));
            if (f == null || exchange.isResponseStarted()) throw e;
            if (f.retryAfter()) exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
            refusal.send(exchange, f);
        }
    }
}
