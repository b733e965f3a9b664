package io.alertrelay.ws;

import io.alertrelay.config.LimitsConfig;
import io.undertow.connector.ByteBufferPool;
import io.undertow.util.Headers;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.Set;
import org.xnio.StreamConnection;

/** The RFC 6455 handshake, upgrading to a {@link FrameCheckingChannel} with a fresh {@link FrameBudget}. */
final class CheckedHandshake extends Hybi13Handshake {

    private final LimitsConfig limits;

    CheckedHandshake(Set<String> subprotocols, LimitsConfig limits) {
        super(subprotocols, false);
        this.limits = limits;
    }

    @Override
    public FrameCheckingChannel createChannel(
            WebSocketHttpExchange exchange, StreamConnection connection, ByteBufferPool pool) {
        return new FrameCheckingChannel(
                connection,
                pool,
                getWebSocketLocation(exchange),
                exchange.getResponseHeader(Headers.SEC_WEB_SOCKET_PROTOCOL_STRING),
                exchange.getPeerConnections(),
                exchange.getOptions(),
                new FrameBudget(limits.framesPerSecond(), limits.maxMessageBytes()));
    }
}
