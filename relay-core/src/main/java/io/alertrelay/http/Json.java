package io.alertrelay.http;

import io.alertrelay.wire.WireCodec;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** JSON in and out for the REST handlers, and the one error shape: {"error": code, "message": ...}. */
final class Json {

    private Json() {}

    static void send(HttpServerExchange exchange, int status, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    static void error(HttpServerExchange exchange, int status, String code, String message) {
        byte[] body = WireCodec.mapper().createObjectNode().put("error", code).put("message", message)
                .toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        send(exchange, status, body);
    }

    /**
     * Reads the whole request body (the exchange must be blocking), refusing more than {@code limit} bytes.
     * Returns null after answering 413 when the body is too big.
     */
    static byte[] readBody(HttpServerExchange exchange, long limit, String limitKey) throws IOException {
        long declared = exchange.getRequestContentLength();
        if (declared > limit) {
            tooBig(exchange, limit, limitKey);
            return null;
        }
        exchange.setMaxEntitySize(limit);
        try (InputStream in = exchange.getInputStream()) {
            return in.readAllBytes();
        } catch (RequestTooBigException e) {
            tooBig(exchange, limit, limitKey);
            return null;
        }
    }

    private static void tooBig(HttpServerExchange exchange, long limit, String limitKey) {
        exchange.setPersistent(false);
        error(exchange, 413, "too-large", "the body is over " + limit + " bytes (" + limitKey
                + "): send fewer alerts per request or raise the limit");
    }
}
