package io.alertrelay.http;

import io.alertrelay.auth.AuthResult;
import io.alertrelay.auth.Principal;
import io.alertrelay.auth.TokenRegistry;
import io.alertrelay.command.Action;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;

/**
 * Bearer-token checks for {@code /api/...}, as a handler that wraps a route: 401 for a missing or unknown token,
 * 403 for a role too weak for the route's {@link Action}, 429 for a client address over
 * {@code limits.authFailuresPerMinute}. All from the headers, on the I/O thread: on a request with a body, it runs
 * before a byte of the body is read, and a refused request's connection is closed rather than its body read.
 */
final class ApiAuth {

    private static final AttachmentKey<Principal> CALLER = AttachmentKey.create(Principal.class);

    private final TokenRegistry tokens;
    private final AuthFailureLimit failures;

    ApiAuth(TokenRegistry tokens, AuthFailureLimit failures) {
        this.tokens = tokens;
        this.failures = failures;
    }

    /** {@code next} for callers whose role may do {@code action}; everyone else is answered here. */
    HttpHandler allow(Action action, HttpHandler next) {
        return ex -> {
            Principal who = require(ex, action);
            if (who == null) return;
            ex.putAttachment(CALLER, who);
            ex.putAttachment(Answer.ACTION, action);
            next.handleRequest(ex);
        };
    }

    /** The caller an {@link #allow} wrapper let through. */
    static Principal caller(HttpServerExchange exchange) {
        Principal p = exchange.getAttachment(CALLER);
        if (p == null) throw new IllegalStateException("route without ApiAuth.allow: " + exchange.getRequestPath());
        return p;
    }

    /** The caller, or null after answering 401/403/429. */
    private Principal require(HttpServerExchange exchange, Action action) {
        if (failures.refused(exchange)) return null;
        String authz = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authz == null || !authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
            failures.failed(exchange);
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            Json.error(
                    exchange,
                    401,
                    "unauthorized",
                    "send Authorization: Bearer <token>; the relay printed an admin token at its first start");
            return null;
        }
        AuthResult r = tokens.check(authz.substring(7).trim());
        if (!r.accepted()) {
            failures.failed(exchange);
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            Json.error(exchange, 401, "unauthorized", r.problem());
            return null;
        }
        Principal p = r.principal();
        if (!action.allows(p.role())) {
            // not counted: the token is good, only weaker than this request needs
            Json.error(exchange, 403, "forbidden", action.refusal(p.role()));
            return null;
        }
        return p;
    }
}
