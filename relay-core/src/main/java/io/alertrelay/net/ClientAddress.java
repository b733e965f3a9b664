package io.alertrelay.net;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Sets each request's source address to the client behind a trusted proxy ({@code server.trustedProxies}), before
 * any other handler runs. Everything that asks an exchange for its source address then sees the client: the
 * WebSocket endpoint (per-IP connection limit, the open and close log lines) and the webhook refusal log.
 * With no trusted proxies the request passes untouched, and so does a request from a peer that is not one.
 */
public final class ClientAddress implements HttpHandler {

    static final HttpString X_FORWARDED_FOR = new HttpString("X-Forwarded-For");

    private final TrustedProxies trusted;
    private final HttpHandler next;

    private ClientAddress(TrustedProxies trusted, HttpHandler next) {
        this.trusted = trusted;
        this.next = next;
    }

    /** {@code next} itself when nothing is trusted: the header is never even read. */
    public static HttpHandler wrap(TrustedProxies trusted, HttpHandler next) {
        return trusted.isEmpty() ? next : new ClientAddress(trusted, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderValues forwarded = exchange.getRequestHeaders().get(X_FORWARDED_FOR);
        if (forwarded != null) {
            InetSocketAddress peer = exchange.getSourceAddress();
            InetAddress client = trusted.client(peer.getAddress(), forwarded);
            // the client's port is unknown (X-Forwarded-For has none): 0 says so rather than keep the proxy's
            if (!client.equals(peer.getAddress())) exchange.setSourceAddress(new InetSocketAddress(client, 0));
        }
        next.handleRequest(exchange);
    }

    /**
     * The address of the request's client as text, for logs and per-IP limits: {@code 192.0.2.7}, {@code 2001:db8::1}.
     */
    public static String of(HttpServerExchange exchange) {
        return exchange.getSourceAddress().getAddress().getHostAddress();
    }
}
