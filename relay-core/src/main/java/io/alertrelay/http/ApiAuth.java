package io.alertrelay.http;

import io.alertrelay.auth.AuthResult;
import io.alertrelay.auth.Principal;
import io.alertrelay.auth.Role;
import io.alertrelay.auth.TokenRegistry;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.function.Predicate;

/**
 * Bearer-token checks for {@code /api/...}: 401 for a missing or unknown token, 403 for a role too weak. All from the
 * headers: on a request with a body, it runs before a byte of the body is read, and a refused request's connection
 * is closed rather than its body read.
 */
final class ApiAuth {

    private final TokenRegistry tokens;

    ApiAuth(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    /** The caller, or null after answering 401/403. */
    Principal require(HttpServerExchange exchange, Predicate<Role> allowed, String what) {
        String authz = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authz == null || !authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            Json.error(exchange, 401, "unauthorized",
                    "send Authorization: Bearer <token>; the relay printed an admin token at its first start");
            return null;
        }
        AuthResult r = tokens.check(authz.substring(7).trim());
        if (!r.accepted()) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            Json.error(exchange, 401, "unauthorized", r.problem());
            return null;
        }
        Principal p = r.principal();
        if (!allowed.test(p.role())) {
            Json.error(exchange, 403, "forbidden", "role " + p.role().wireName() + " may not " + what);
            return null;
        }
        return p;
    }
}
