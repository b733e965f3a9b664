package io.alertrelay.http;

import io.alertrelay.command.Action;
import io.alertrelay.command.Failure;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** A command's REST answer: its result as JSON, or its refusal as {@link Failure} maps it. */
final class Answer {

    private Answer() {}

    /** The work of one route: decode, carry out, encode; throws what the command refuses. */
    @FunctionalInterface
    interface Work {
        byte[] run() throws Exception;
    }

    static void send(HttpServerExchange exchange, Action action, int status, Work work) throws Exception {
        byte[] body;
        try {
            body = work.run();
        } catch (RuntimeException e) {
            Failure f = Failure.of(e, action);
            if (f == null || exchange.isResponseStarted()) throw e;
            if (f.retryAfter()) exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
            Json.error(exchange, f.status(), f.restCode(), f.message());
            return;
        }
        Json.send(exchange, status, body);
    }
}
