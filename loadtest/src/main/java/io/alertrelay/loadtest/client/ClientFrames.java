package io.alertrelay.loadtest.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The few things a load-test client ever writes: the upgrade request, {@code subscribe}, pong and close.
 * Client frames must be masked (RFC 6455 5.3); the key comes from a fast PRNG, which is enough for a test
 * client on loopback (no proxy to confuse).
 */
final class ClientFrames {

    static final int OP_TEXT = 1;
    static final int OP_CLOSE = 8;
    static final int OP_PING = 9;
    static final int OP_PONG = 10;

    private ClientFrames() {}

    static ByteBuffer upgrade(String hostPort, String path, String token) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String req = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + hostPort + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: alert-relay.v1\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n";
        return ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code subscribe} to everything, resuming after {@code seq} of {@code epoch} when epoch is not null. */
    static ByteBuffer subscribe(String epoch, long seq) {
        String json = epoch == null
                ? "{\"type\":\"subscribe\",\"filter\":{\"matchers\":[]}}"
                : "{\"type\":\"subscribe\",\"filter\":{\"matchers\":[]},\"since\":{\"epoch\":\"" + epoch + "\",\"seq\":"
                        + seq + "}}";
        return frame(OP_TEXT, json.getBytes(StandardCharsets.UTF_8), 0, json.length());
    }

    static ByteBuffer close(int code) {
        byte[] payload = {(byte) (code >> 8), (byte) code};
        return frame(OP_CLOSE, payload, 0, 2);
    }

    static ByteBuffer frame(int opcode, byte[] payload, int off, int len) {
        if (len > 65_535) throw new IllegalArgumentException("client frames here are small; got " + len);
        int header = len < 126 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(header + 4 + len);
        b.put((byte) (0x80 | opcode));
        if (len < 126) {
            b.put((byte) (0x80 | len));
        } else {
            b.put((byte) (0x80 | 126)).putShort((short) len);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        b.putInt(mask);
        for (int i = 0; i < len; i++) {
            b.put((byte) (payload[off + i] ^ (mask >>> (24 - 8 * (i & 3)))));
        }
        return b.flip();
    }
}
