package io.alertrelay.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket peer written at the byte level on a plain socket, for behaviour a well-behaved client library
 * will not produce: a peer that never answers pings, raw or broken frames.
 */
public final class RawWsSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWsSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects and completes the upgrade handshake; fails if the server does not answer 101. */
    public static RawWsSocket open(String host, int port, String bearer) throws IOException {
        return upgrade(new RawWsSocket(new Socket(host, port)), host, port, bearer);
    }

    /**
     * Connects an unconnected socket the caller prepared (a small receive buffer, a bound 127.0.0.x source
     * address) and completes the upgrade.
     */
    public static RawWsSocket open(Socket unconnected, InetSocketAddress server, String bearer) throws IOException {
        return open(unconnected, server, bearer, "");
    }

    /**
     * As above, with {@code extraHeaders} ("X-Forwarded-For: 10.0.0.1\r\n", each line ending in CRLF) on the upgrade.
     */
    public static RawWsSocket open(Socket unconnected, InetSocketAddress server, String bearer, String extraHeaders)
            throws IOException {
        unconnected.connect(server, 5_000);
        return upgrade(new RawWsSocket(unconnected), server.getHostString(), server.getPort(), bearer, extraHeaders);
    }

    private static RawWsSocket upgrade(RawWsSocket s, String host, int port, String bearer) throws IOException {
        return upgrade(s, host, port, bearer, "");
    }

    private static RawWsSocket upgrade(RawWsSocket s, String host, int port, String bearer, String extraHeaders)
            throws IOException {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        String req = "GET /ws HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
                + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + extraHeaders + "\r\n";
        s.out.write(req.getBytes(StandardCharsets.US_ASCII));
        s.out.flush();
        String head = s.readHead();
        if (!head.startsWith("HTTP/1.1 101")) throw new IOException("upgrade refused: " + head);
        return s;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) throw new IOException("connection closed during the handshake: " + b);
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1
                    : 0;
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one masked frame (clients must mask) with the given opcode and payload. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        sendFrame(true, opcode, payload);
    }

    /** Sends one masked frame; {@code fin=false} starts or continues a fragmented message (opcode 0 continues). */
    public void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        out.write(frame(fin, opcode, payload));
        out.flush();
    }

    /** The bytes of one masked client frame, for tests that write many at once. */
    public static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n < 126) {
            f.write(0x80 | n);
        } else if (n < 65536) {
            f.write(0x80 | 126);
            f.write(n >>> 8);
            f.write(n);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) f.write((int) ((long) n >>> (8 * i)));
        }
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        f.writeBytes(mask);
        for (int i = 0; i < n; i++) f.write(payload[i] ^ mask[i % 4]);
        return f.toByteArray();
    }

    /** Writes bytes as they are (a frame header alone, many frames at once). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One frame from the server (servers do not mask). */
    public record Frame(boolean fin, int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame; 1005 when it carries none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    /** Reads one frame, waiting at most {@code limit} for it to start; EOFException when the server closed TCP. */
    public Frame readFrame(Duration limit) throws IOException {
        socket.setSoTimeout((int) Math.max(1, limit.toMillis()));
        int b0 = in.read();
        if (b0 < 0) throw new java.io.EOFException("the server closed the connection");
        DataInputStream d = new DataInputStream(in);
        int b1 = d.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) len = d.readUnsignedShort();
        else if (len == 127) len = d.readLong();
        if ((b1 & 0x80) != 0) d.readInt(); // a masked server frame would be a protocol error; skip its key
        byte[] payload = new byte[(int) len];
        d.readFully(payload);
        return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    }

    /**
     * Reads frames until the server's close frame and returns it, handing every text frame before it to
     * {@code texts}; fails if none comes within {@code limit} or the server drops TCP without one.
     */
    public Frame readUntilClose(Duration limit, java.util.function.Consumer<String> texts) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError("no close frame within " + limit);
            Frame f;
            try {
                f = readFrame(Duration.ofNanos(left));
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no close frame within " + limit, e);
            }
            if (f.opcode() == 8) return f;
            if (f.opcode() == 1) texts.accept(f.text());
        }
    }

    public Socket socket() {
        return socket;
    }

    /**
     * Reads (and ignores: no pong is ever sent) whatever the server sends until it closes the TCP connection.
     * Returns true if it did so within {@code limit}.
     */
    public boolean serverClosesWithin(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                if (in.read(buf) < 0) return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
