package io.alertrelay.http;

import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;

/**
 * Response headers that keep a browser from turning the relay's own pages against their viewers. The wall may run
 * only its own scripts and styles, talk only to the relay it came from, and never be framed (a page that frames a
 * wall could overlay its ack buttons); nothing is content-sniffed; no URL, which may hold {@code ?m=} filters, leaks
 * in a Referer. The API answers JSON and text that no browser should render as a page at all, so its policy allows
 * nothing. Set on every answer before the handler runs, so errors carry them too.
 */
public final class SecurityHeaders {

    /**
     * The wall's policy. {@code 'self'} in connect-src covers its WebSocket (ws: and wss: to the same host and port,
     * per CSP level 3) and its history fetches; inline script and style, eval and foreign origins are all refused.
     * Card styles set through {@code element.style} (CSSOM) are not inline style and stay allowed.
     */
    static final String WALL_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Everything else (JSON, metrics text, errors): nothing to load, nothing to frame. */
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");
    private static final HttpString CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");

    private SecurityHeaders() {}

    /** The wall's pages, scripts and styles. */
    public static HttpHandler wall(HttpHandler next) {
        return with(WALL_POLICY, next);
    }

    /** Every other answer; a handler wrapped by {@link #wall} later replaces the policy with the wall's. */
    public static HttpHandler api(HttpHandler next) {
        return with(API_POLICY, next);
    }

    private static HttpHandler with(String policy, HttpHandler next) {
        return ex -> {
            var h = ex.getResponseHeaders();
            h.put(CSP, policy);
            // for browsers that predate frame-ancestors
            h.put(FRAME_OPTIONS, "DENY");
            h.put(CONTENT_TYPE_OPTIONS, "nosniff");
            h.put(REFERRER_POLICY, "no-referrer");
            next.handleRequest(ex);
        };
    }
}
