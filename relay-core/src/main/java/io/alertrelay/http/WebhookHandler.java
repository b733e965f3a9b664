package io.alertrelay.http;

import io.alertrelay.limit.TokenBucket;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.net.ClientAddress;
import io.alertrelay.webhook.HookAuth;
import io.alertrelay.webhook.HookConfig;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/{name}}: the relay's side of every webhook. It owns routing, authentication, the per-hook rate
 * limit and the body limit; the hook's format (from a plugin) only turns the body into alerts ({@link HookIngest}).
 *
 * <p>The order is what keeps an unauthenticated sender cheap. On the I/O thread, from the headers alone: the hook,
 * the client's failure allowance ({@link AuthFailureLimit}), then {@link HookAuth#precheck} (a bearer token
 * completely; a signature's headers present and well-formed). Only then is the body read ({@link BodyReader}), and
 * on a worker the signature verified. The hook's {@code requestsPerSecond} is charged only once the sender is
 * authenticated, so a flood of unsigned requests never costs the real sender a 429.
 */
final class WebhookHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

    private final Map<String, HookConfig> hooks;
    private final HookIngest ingest;
    private final AuthFailureLimit failures;
    private final BodyReader bodies;
    private final long maxBytes;
    private final Clock clock;
    private final RelayMetrics metrics;
    private final HookAuth auth = HookAuth.withDefaultGuards();
    private final Map<String, TokenBucket> rates = new ConcurrentHashMap<>();

    WebhookHandler(
            Map<String, HookConfig> hooks,
            HookIngest ingest,
            AuthFailureLimit failures,
            BodyReader bodies,
            long maxBytes,
            Clock clock,
            RelayMetrics metrics) {
        this.hooks = Map.copyOf(hooks);
        this.ingest = ingest;
        this.failures = failures;
        this.bodies = bodies;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.metrics = metrics;
        hooks.keySet().forEach(name -> metrics.alertsIngested("hook:" + name, 0));
    }

    /** On the I/O thread: everything the headers can decide, then the body is read without a thread. */
    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String name = exchange.getQueryParameters().get("name").getFirst();
        HookConfig hook = hooks.get(name);
        if (hook == null) {
            Json.error(
                    exchange,
                    404,
                    "not-found",
                    "no hook " + name + "; hooks are configured under plugins.webhooks.hooks");
            return;
        }
        if (failures.refused(exchange)) return;
        String denied = auth.precheck(hook, headers(exchange), clock.instant());
        if (denied != null) {
            refuse(exchange, hook, denied);
            return;
        }
        boolean bearer = hook.tokenSha256() != null;
        if (bearer && !withinRate(exchange, hook)) return;
        bodies.read(exchange, maxBytes, "limits.maxWebhookBytes", bearer, (ex, body) -> delivered(ex, hook, body));
    }

    /** On a worker, with the whole body: the signature, the rate (signed hooks), the format and the store. */
    private void delivered(HttpServerExchange exchange, HookConfig hook, byte[] body) throws InterruptedException {
        String denied = auth.verify(hook, headers(exchange), body, clock.instant());
        if (denied != null) {
            refuse(exchange, hook, denied);
            return;
        }
        boolean stored = false;
        try {
            boolean charged = hook.tokenSha256() != null; // a bearer hook was charged before its body was read
            if (charged || withinRate(exchange, hook)) stored = ingest.ingest(exchange, hook.name(), hook, body);
        } finally {
            // a delivery that was not stored (rate, format, store) will be sent again: that is not a replay
            if (!stored) auth.forgetDelivery(hook, headers(exchange));
        }
    }

    private boolean withinRate(HttpServerExchange exchange, HookConfig hook) {
        TokenBucket bucket =
                rates.computeIfAbsent(hook.name(), k -> new TokenBucket(hook.requestsPerSecond(), System.nanoTime()));
        if (bucket.tryAcquire(System.nanoTime())) return true;
        metrics.httpRejected("hook-rate-limited");
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        Json.error(
                exchange,
                429,
                "rate-limited",
                "hook " + hook.name() + " takes at most " + hook.requestsPerSecond()
                        + " requests per second (requestsPerSecond); retry later");
        return false;
    }

    private void refuse(HttpServerExchange exchange, HookConfig hook, String denied) {
        failures.failed(exchange);
        // the reason quotes the sender's headers (a delivery id): quoted and escaped, it cannot forge a log line
        log.info("hook {} refused a request from {}: {}", hook.name(), ClientAddress.of(exchange), quoted(denied));
        Json.error(exchange, 401, "unauthorized", denied);
    }

    private static Function<String, String> headers(HttpServerExchange exchange) {
        return exchange.getRequestHeaders()::getFirst;
    }

    /**
     * {@code "text"}, with {@code "} and {@code \} escaped and control characters (C0, DEL, C1, the Unicode line and
     * paragraph separators) written as {@code \}uXXXX, so the value stays on its log line however it was made.
     */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c >= 0x20 && (c < 0x7f || c > 0x9f) && c != 0x2028 && c != 0x2029) out.append(c);
            else out.append(String.format("\\u%04x", (int) c));
        }
        return out.append('"').toString();
    }
}
