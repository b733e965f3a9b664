package io.alertrelay.http;

import io.alertrelay.wire.WireCodec;
import io.undertow.server.HttpServerExchange;
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
        return readBody(exchange, limit, limitKey, () -> {});
    }

    /**
     * As above; {@code counted} runs before the 413 goes out, so whoever got the 413 finds it in /metrics already.
     */
    static byte[] readBody(HttpServerExchange exchange, long limit, String limitKey, Runnable counted)
            throws IOException {
        long declared = exchange.getRequestContentLength();
        if (declared > limit) {
            counted.run();
            tooBig(exchange, limit, limitKey);
            return null;
        }
        // counted here rather than by Undertow (whose limit is set higher): its own check on a chunked body cuts the
        // connection without an answer, so the sender would never learn why
        exchange.setMaxEntitySize(limit + 65_536);
        InputStream in = exchange.getInputStream();
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (body.length > limit) {
            // not closed: closing would read the rest of a body that may never end
            counted.run();
            tooBig(exchange, limit, limitKey);
            return null;
        }
        in.close();
        return body;
    }

    private static void tooBig(HttpServerExchange exchange, long limit, String limitKey) {
        exchange.setPersistent(false);
        error(exchange, 413, "too-large", "the body is over " + limit + " bytes (" + limitKey
                + "): send fewer alerts per request or raise the limit");
    }
}
