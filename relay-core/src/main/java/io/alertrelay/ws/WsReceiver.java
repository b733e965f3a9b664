package io.alertrelay.ws;

import io.alertrelay.wire.CloseCodes;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;

/**
 * Reads messages off one connection (on its I/O thread): keeps the heartbeat's "last seen" fresh and hands
 * complete text messages to {@link WsRequests}. Frame rate and message size are checked earlier, frame by frame,
 * as Undertow parses each header ({@link FrameCheckingChannel}), which stops reading and reports here
 * ({@link #refused}).
 */
final class WsReceiver extends AbstractReceiveListener {

    /** How long the close frame of a refused peer gets before the socket is cut: the relay reads nothing more. */
    private static final long REFUSED_GRACE_SECONDS = 5;

    private final WsSession session;
    private final WsRequests requests;
    private final WsContext ctx;
    private final FrameBudget frames;

    WsReceiver(WsSession session, WsRequests requests, WsContext ctx, FrameBudget frames) {
        this.session = session;
        this.requests = requests;
        this.ctx = ctx;
        this.frames = frames;
    }

    // Undertow's own cap on what it gathers, behind the frame-by-frame check: the announced sizes it checks
    // are never smaller than what arrives
    @Override
    protected long getMaxTextBufferSize() {
        return ctx.limits().maxMessageBytes();
    }

    @Override
    protected long getMaxBinaryBufferSize() {
        return ctx.limits().maxMessageBytes();
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
        frames.messageDone();
        session.touch();
        requests.handle(message.getData());
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
        message.getData().free();
        frames.messageDone();
        session.touch();
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

    /**
     * A frame over the rate or the size: the channel reads nothing more from this peer. It gets the close frame
     * and a few seconds to read it (its own writes block meanwhile); then the socket is cut.
     */
    void refused(FrameBudget.Refusal r) {
        if (!session.isClosing()) {
            ctx.metrics().frameRejected(r.reason());
            session.close(r.code(), r.message());
        }
        cutLater(session.channel);
    }

    @Override
    protected void onError(WebSocketChannel channel, Throwable error) {
        if (cause(error, UnsupportedEncodingException.class) != null) {
            // Undertow answers a text frame that is not UTF-8 with 1007 itself; record it as such, not as a
            // lost connection, and let the close frame reach the client
            ctx.metrics().frameRejected("invalid-utf8");
            session.peerClosed(CloseCodes.INVALID_UTF8, "text frame is not valid UTF-8");
            cutLater(channel);
            return;
        }
        if (channel.isCloseFrameSent() && !session.isClosing()) {
            // Undertow has already sent 1009 for an over-size message; let that frame reach the client
            ctx.metrics().frameRejected("too-big");
            session.peerClosed(
                    CloseCodes.TOO_BIG,
                    "message over limits.maxMessageBytes (" + ctx.limits().maxMessageBytes() + " bytes)");
            cutLater(channel);
            return;
        }
        // a session that is closing gives its close frame time to go out
        if (session.isClosing()) cutLater(channel);
        else IoUtils.safeClose(channel);
    }

    private static void cutLater(WebSocketChannel channel) {
        channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), REFUSED_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }
}
