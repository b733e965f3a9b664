package io.alertrelay.ws;

import io.alertrelay.auth.AuthResult;
import io.alertrelay.auth.Principal;
import io.alertrelay.logging.LogText;
import io.alertrelay.net.ClientAddress;
import io.alertrelay.wire.CloseCodes;
import io.alertrelay.wire.WireCodec;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.spi.AsyncWebSocketHttpServerExchange;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.StreamConnection;

/**
 * {@code GET /ws}: checks what can be checked before the upgrade (Origin, connection limits, a bearer token),
 * upgrades with subprotocol {@code alert-relay.v1}, and wires a session to its receiver.
 */
public final class WsEndpoint implements HttpHandler {

    public static final String SUBPROTOCOL = "alert-relay.v1";
    private static final Logger log = LoggerFactory.getLogger(WsEndpoint.class);
    /** Set when the upgrade carried a valid bearer token. */
    private static final AttachmentKey<Principal> BEARER = AttachmentKey.create(Principal.class);
    /** Set when the upgrade carried a bearer token that was refused, to why: the session is closed with 4401. */
    private static final AttachmentKey<String> BAD_BEARER = AttachmentKey.create(String.class);

    private final WsContext ctx;
    private final Supplier<List<String>> allowedOrigins;
    private final CheckedHandshake hybi13;
    private final HttpHandler handshake;

    public WsEndpoint(WsContext ctx, Supplier<List<String>> allowedOrigins) {
        this.ctx = ctx;
        this.allowedOrigins = allowedOrigins;
        this.hybi13 = new CheckedHandshake(Set.of(SUBPROTOCOL), ctx.limits());
        // Our own upgrade listener, shared by every connection, instead of Undertow's per-connection one: the
        // HTTP connection object lives as long as the socket and keeps its upgrade listener, and Undertow's
        // captures the whole upgrade request (headers, exchange), about 1.6 KB per idle WebSocket
        this.handshake = new WebSocketProtocolHandshakeHandler(List.of(hybi13), this::upgraded, this::notWebSocket);
    }

    private void upgraded(StreamConnection connection, HttpServerExchange exchange) {
        WebSocketHttpExchange facade = new AsyncWebSocketHttpServerExchange(exchange, Collections.emptySet());
        // the exchange's address, not the socket's: behind a trusted proxy it is the client's (ClientAddress)
        onConnect(facade, hybi13.createChannel(facade, connection, facade.getBufferPool()), ClientAddress.of(exchange));
    }

    private volatile boolean draining;

    /** From now on new upgrades are refused with 503 (the relay is shutting down). */
    void drain() {
        draining = true;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (draining) {
            // a wall whose session just got 1001 must not come back here: behind nginx a 503 sends it to another node
            refuse(
                    exchange,
                    StatusCodes.SERVICE_UNAVAILABLE,
                    "the relay is shutting down; connect again (to another"
                            + " node, if there is one) and subscribe with since to resume");
            return;
        }
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        List<String> allowed = allowedOrigins.get();
        if (origin != null && !allowed.contains("*") && !allowed.contains(origin)) {
            ctx.metrics().frameRejected("origin");
            refuse(
                    exchange,
                    StatusCodes.FORBIDDEN,
                    "origin " + origin + " is not in auth.allowedOrigins; add it there to let pages from it connect");
            return;
        }
        if (ctx.sessions().size() >= ctx.limits().maxConnections()) {
            ctx.metrics().frameRejected("max-connections");
            refuse(
                    exchange,
                    StatusCodes.SERVICE_UNAVAILABLE,
                    "the relay holds its maximum of " + ctx.limits().maxConnections()
                            + " connections (limits.maxConnections); retry later");
            return;
        }
        String authz = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authz != null && authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
            AuthResult r = ctx.tokens().check(authz.substring(7).trim());
            if (r.accepted()) exchange.putAttachment(BEARER, r.principal());
            else exchange.putAttachment(BAD_BEARER, r.problem());
        }
        handshake.handleRequest(exchange);
    }

    private void notWebSocket(HttpServerExchange exchange) {
        refuse(
                exchange,
                StatusCodes.BAD_REQUEST,
                "/ws speaks WebSocket (RFC 6455, subprotocol alert-relay.v1); plain HTTP requests are not served here");
    }

    private static void refuse(HttpServerExchange exchange, int status, String message) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        String code = status == 403 ? "forbidden" : status == 503 ? "unavailable" : "bad-request";
        exchange.getResponseSender()
                .send(new String(
                        WireCodec.mapper()
                                .createObjectNode()
                                .put("error", code)
                                .put("message", message)
                                .toString()
                                .getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8));
    }

    /** @param ip the client's address: limits.maxConnectionsPerIp counts by it, and the log lines name it */
    private void onConnect(WebSocketHttpExchange exchange, FrameCheckingChannel channel, String ip) {
        WsSession session = new WsSession(channel, ip, ctx, channel.budget());
        WsRequests requests = new WsRequests(session, ctx);
        ctx.metrics().sessionOpened();
        SessionRegistry.Refusal refusal = ctx.sessions()
                .reserve(ip, ctx.limits().maxConnections(), ctx.limits().maxConnectionsPerIp());
        channel.addCloseTask(ch -> {
            if (refusal == null) ctx.sessions().release(ip);
            ctx.sessions().remove(session);
            session.closed();
        });
        WsReceiver receiver = new WsReceiver(session, requests, ctx, channel.budget());
        channel.onRefusal(receiver::refused);
        channel.getReceiveSetter().set(receiver);
        channel.resumeReceives();
        if (refusal != null) {
            ctx.metrics().frameRejected(refusal.metricReason());
            session.close(CloseCodes.POLICY, refusal.message());
            return;
        }
        ctx.sessions().add(session);
        Principal bearer = exchange.getAttachment(BEARER);
        String refused = exchange.getAttachment(BAD_BEARER);
        if (refused != null) {
            ctx.metrics().frameRejected("unauthorized");
            session.close(CloseCodes.UNAUTHORIZED, refused);
        } else if (bearer != null) {
            welcome(session, bearer, ctx, "header");
        } else {
            long ms = ctx.limits().authTimeout().toMillis();
            channel.getIoThread()
                    .executeAfter(
                            () -> {
                                if (session.principal() == null
                                        && !session.isClosing()) { // not counted twice if already refused
                                    ctx.metrics().frameRejected("auth-timeout");
                                    session.close(
                                            CloseCodes.UNAUTHORIZED,
                                            "no auth frame within " + ms
                                                    + " ms: send {\"type\":\"auth\",\"token\":\"...\"} first, or an"
                                                    + " Authorization header");
                                }
                            },
                            ms,
                            TimeUnit.MILLISECONDS);
        }
    }

    /** @param via how the client signed in: {@code header} (bearer on the upgrade) or {@code frame} (auth frame) */
    static void welcome(WsSession session, Principal p, WsContext ctx, String via) {
        session.authenticated(p);
        // counted as signed in from here: the close below counts it out again under its role
        ctx.metrics().sessionAuthenticated(p.role());
        // A revocation that lands between authenticate() and the lines above would miss this session in its sweep
        // (WebSocketService.closeRevoked); checking again after the principal is set closes that gap.
        if (!ctx.tokens().stillValid(p)) {
            ctx.metrics().frameRejected("unauthorized");
            session.close(CloseCodes.UNAUTHORIZED, WebSocketService.REVOKED);
            return;
        }
        if (p.expiresAt() != null) closeAtExpiry(session, p, ctx);
        // logged once the session has a name: a connection that never authenticates gets only its close line
        log.info(
                "ws open ip={} who={} role={} via={}",
                session.remoteIp,
                LogText.value(p.name()),
                p.role().wireName(),
                via);
        session.send(WireCodec.welcome(
                ctx.serverName(),
                ctx.pipeline().epoch(),
                ctx.pipeline().latestSeq(),
                ctx.heartbeat().toSeconds(),
                p.role().wireName()));
    }

    /** A JWT cannot be revoked, but it ends: the session it opened ends with it (4401; sign in with a fresh one). */
    private static void closeAtExpiry(WsSession session, Principal p, WsContext ctx) {
        long ms = Duration.between(ctx.pipeline().clock().instant(), p.expiresAt())
                .toMillis();
        Runnable expire = () -> {
            if (session.principal() == p && !session.isClosing()) {
                ctx.metrics().frameRejected("unauthorized");
                session.close(
                        CloseCodes.UNAUTHORIZED,
                        "JWT expired at " + p.expiresAt() + ": sign in again with a" + " fresh one");
            }
        };
        if (ms <= 0) expire.run();
        else session.channel.getIoThread().executeAfter(expire, ms, TimeUnit.MILLISECONDS);
    }
}
