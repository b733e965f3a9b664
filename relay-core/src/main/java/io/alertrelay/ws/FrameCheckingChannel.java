package io.alertrelay.ws;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.protocol.framed.FrameHeaderData;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.version13.WebSocket13Channel;
import io.undertow.websockets.extensions.NoopExtensionFunction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.function.Consumer;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

/**
 * Undertow's RFC 6455 channel, with each inbound frame header handed to the connection's {@link FrameBudget} as
 * soon as it is parsed. Undertow shows a listener only whole messages (the fragments of one are gathered inside
 * it), so this is the one place where every frame, continuations included, can be counted and refused before it
 * costs anything.
 *
 * <p>On a refusal the relay stops reading the connection: receives are suspended (the peer's writes back up in
 * TCP), what was already read is dropped unparsed, and the refusal goes to the handler, which closes the session.
 * The socket stays open for the close frame to be read; the peer is cut later ({@link WsReceiver#refused}).
 */
final class FrameCheckingChannel extends WebSocket13Channel {

    private final FrameBudget budget;
    private Consumer<FrameBudget.Refusal> onRefusal = r -> {};
    /** The next byte parseFrame sees starts a frame header: its opcode is read from it. */
    private boolean atHeaderStart = true;

    private int opcode;
    private boolean refused;

    FrameCheckingChannel(
            StreamConnection connection,
            ByteBufferPool pool,
            String url,
            String subprotocol,
            Set<WebSocketChannel> peers,
            OptionMap options,
            FrameBudget budget) {
        super(connection, pool, url, subprotocol, false, false, NoopExtensionFunction.INSTANCE, peers, options);
        this.budget = budget;
    }

    FrameBudget budget() {
        return budget;
    }

    /** Set once, before receives are resumed; called on the I/O thread. */
    void onRefusal(Consumer<FrameBudget.Refusal> handler) {
        this.onRefusal = handler;
    }

    /**
     * Called by Undertow with the bytes after the previous frame's payload, until it returns a header (a header
     * split across reads takes several calls); Undertow itself checks masking, opcodes and fragment order here.
     * Returning null means "no complete header yet": with the data consumed and receives suspended, nothing
     * after a refused header is ever parsed.
     */
    @Override
    protected FrameHeaderData parseFrame(ByteBuffer data) throws IOException {
        if (refused) {
            data.position(data.limit());
            return null;
        }
        if (atHeaderStart && data.hasRemaining()) {
            // Undertow's header object does not tell the opcode; it is the low nibble of the header's first byte
            opcode = data.get(data.position()) & 0x0F;
            atHeaderStart = false;
        }
        FrameHeaderData header = super.parseFrame(data);
        if (header == null) return null;
        atHeaderStart = true;
        FrameBudget.Refusal refusal = budget.frame(opcode, header.getFrameLength());
        if (refusal == null) return header;
        refused = true;
        suspendReceives();
        data.position(data.limit());
        onRefusal.accept(refusal);
        return null;
    }
}
