package io.alertrelay.http;

import io.alertrelay.wire.WireCodec;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** JSON in and out for the REST handlers, and the one error shape: {"error": code, "message": ...}. */
final class Json {

    private Json() {}

    static void send(HttpServerExchange exchange, int status, byte[] body) {
        closeIfBodyUnread(exchange);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    static void error(HttpServerExchange exchange, int status, String code, String message) {
        byte[] body = WireCodec.mapper()
                .createObjectNode()
                .put("error", code)
                .put("message", message)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        send(exchange, status, body);
    }

    /**
     * Makes the connection close after the answer when the request's body was not read (refused from its headers,
     * or sent to an endpoint that takes none). Keeping it open would mean reading the rest of that body first, for as
     * long as its sender cares to trickle it.
     */
    static void closeIfBodyUnread(HttpServerExchange exchange) {
        if (!exchange.isRequestComplete()) exchange.setPersistent(false);
    }
}
