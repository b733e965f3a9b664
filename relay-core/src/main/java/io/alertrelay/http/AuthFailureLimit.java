package io.alertrelay.http;

import io.alertrelay.limit.AddressKey;
import io.alertrelay.limit.AuthFailures;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.net.ClientAddress;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code limits.authFailuresPerMinute} at the HTTP front doors that authenticate (the API's bearer tokens, every
 * hook): each failed authentication is counted against the client's address, and an address over its allowance is
 * answered 429 from its headers alone, before any token is checked or body byte read. The limit is per address:
 * a correct request from that address is refused too while it lasts (telling it apart would mean checking it, the
 * work the limit saves, and would tell a guesser which guess was right). Behind a proxy, the address is the client's
 * ({@code server.trustedProxies}), so one client's failures do not lock out the others behind the same proxy.
 */
final class AuthFailureLimit {

    private static final Logger log = LoggerFactory.getLogger(AuthFailureLimit.class);

    private final AuthFailures failures;
    private final int perMinute;
    private final RelayMetrics metrics;

    AuthFailureLimit(int perMinute, RelayMetrics metrics) {
        this.failures = new AuthFailures(perMinute, AuthFailures.MAX_ADDRESSES);
        this.perMinute = perMinute;
        this.metrics = metrics;
    }

    /** True after answering 429 when the request's address has used up its failures; nothing else is done. */
    boolean refused(HttpServerExchange exchange) {
        long wait = failures.refusedForSeconds(key(exchange), System.nanoTime());
        if (wait == 0) return false;
        metrics.httpRejected("auth-failures");
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(wait));
        Json.error(
                exchange,
                429,
                "too-many-auth-failures",
                "requests from " + ClientAddress.of(exchange)
                        + " failed authentication more than " + perMinute
                        + " times a minute (limits.authFailuresPerMinute):"
                        + " fix the token or signature; requests from this address are refused for " + wait + " s");
        return true;
    }

    /** Counts a failed authentication of this request (before answering it 401). */
    void failed(HttpServerExchange exchange) {
        String key = key(exchange);
        if (failures.failed(key, System.nanoTime())) {
            log.warn(
                    "client {} failed authentication {} times within a minute (limits.authFailuresPerMinute): its"
                            + " requests are refused 429 until it slows down",
                    key,
                    perMinute);
        }
    }

    private static String key(HttpServerExchange exchange) {
        return AddressKey.of(exchange.getSourceAddress().getAddress());
    }
}
