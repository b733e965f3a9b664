package io.alertrelay.ws;

import io.alertrelay.limit.TokenBucket;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;

/**
 * Reads frames off one connection (on its I/O thread): enforces size and rate, keeps the heartbeat's
 * "last seen" fresh, and hands complete text messages to {@link WsRequests}.
 */
final class WsReceiver extends AbstractReceiveListener {

    private final WsSession session;
    private final WsRequests requests;
    private final WsContext ctx;
    private final TokenBucket rate;

    WsReceiver(WsSession session, WsRequests requests, WsContext ctx) {
        this.session = session;
        this.requests = requests;
        this.ctx = ctx;
        this.rate = new TokenBucket(ctx.limits().framesPerSecond(), System.nanoTime());
    }

    @Override
    protected long getMaxTextBufferSize() { return ctx.limits().maxMessageBytes(); }

    @Override
    protected long getMaxBinaryBufferSize() { return ctx.limits().maxMessageBytes(); }

    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
        session.touch();
        if (!withinRate()) return;
        requests.handle(message.getData());
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
        message.getData().free();
        session.touch();
        if (!withinRate()) return;
        requests.binaryFrame();
    }

    @Override
    protected void onFullPongMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
        message.getData().free();
        session.touch();
    }

    @Override
    protected void onFullPingMessage(WebSocketChannel channel, BufferedBinaryMessage message) throws IOException {
        session.touch();
        super.onFullPingMessage(channel, message);
    }

    @Override
    protected void onCloseMessage(CloseMessage cm, WebSocketChannel channel) {
        session.peerClosed(cm.getCode(), cm.getReason());
    }

    @Override
    protected void onError(WebSocketChannel channel, Throwable error) {
        if (isInvalidUtf8(error)) {
            // Undertow answers a text frame that is not UTF-8 with 1007 itself; record it as such, not as a
            // lost connection, and let the close frame reach the client
            ctx.metrics().frameRejected("invalid-utf8");
            session.peerClosed(CloseCodes.INVALID_UTF8, "text frame is not valid UTF-8");
            channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), 5, TimeUnit.SECONDS);
            return;
        }
        if (channel.isCloseFrameSent() && !session.isClosing()) {
            // Undertow has already sent 1009 for an over-size message; let that frame reach the client
            ctx.metrics().frameRejected("too-big");
            session.peerClosed(CloseCodes.TOO_BIG, "message over limits.maxMessageBytes ("
                    + ctx.limits().maxMessageBytes() + " bytes)");
            channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), 5, TimeUnit.SECONDS);
            return;
        }
        IoUtils.safeClose(channel);
    }

    private static boolean isInvalidUtf8(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.io.UnsupportedEncodingException) return true;
        }
        return false;
    }

    private boolean withinRate() {
        if (rate.tryAcquire(System.nanoTime())) return true;
        ctx.metrics().frameRejected("rate-limited");
        session.close(CloseCodes.POLICY, "more than " + ctx.limits().framesPerSecond()
                + " frames per second (limits.framesPerSecond): slow down and reconnect");
        return false;
    }
}
