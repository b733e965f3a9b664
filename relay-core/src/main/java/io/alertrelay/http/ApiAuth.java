package io.alertrelay.http;

import io.alertrelay.auth.AuthResult;
import io.alertrelay.auth.Principal;
import io.alertrelay.auth.Role;
import io.alertrelay.auth.TokenRegistry;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.function.Predicate;

/**
 * Bearer-token checks for {@code /api/...}: 401 for a missing or unknown token, 403 for a role too weak, 429 for a
 * client address over {@code limits.authFailuresPerMinute}. All from the headers: on a request with a body, it runs
 * before a byte of the body is read, and a refused request's connection is closed rather than its body read.
 */
final class ApiAuth {

    private final TokenRegistry tokens;
    private final AuthFailureLimit failures;

    ApiAuth(TokenRegistry tokens, AuthFailureLimit failures) {
        this.tokens = tokens;
        this.failures = failures;
    }

    /** The caller, or null after answering 401/403/429. */
    Principal require(HttpServerExchange exchange, Predicate<Role> allowed, String what) {
        if (failures.refused(exchange)) return null;
        String authz = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authz == null || !authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
            failures.failed(exchange);
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            Json.error(exchange, 401, "unauthorized",
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
        if (!allowed.test(p.role())) {
            // not counted: the token is good, only weaker than this request needs
            Json.error(exchange, 403, "forbidden", "role " + p.role().wireName() + " may not " + what);
            return null;
        }
        return p;
    }
}
