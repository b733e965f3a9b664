package io.alertrelay.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One raw HTTP connection from a chosen loopback address (all of 127.0.0.0/8 reaches a relay on 127.0.0.1), for
 * attacks that send a request slowly, in part or not at all, and read what the relay answers, if anything. Many
 * addresses let a test stay under the relay's per-address limits and show what a crowd of clients costs.
 */
final class AttackSocket implements AutoCloseable {

    /** What came back: the text the relay sent (empty if nothing) and whether it then closed the connection. */
    record Answer(String text, boolean closed) {
        String statusLine() {
            int end = text.indexOf("\r\n");
            return end < 0 ? text : text.substring(0, end);
        }

        int status() {
            String[] parts = statusLine().split(" ");
            return parts.length > 1 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
        }

        String body() {
            int start = text.indexOf("\r\n\r\n");
            return start < 0 ? "" : text.substring(start + 4);
        }
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)");

    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean eof;

    private AttackSocket(Socket socket) {
        this.socket = socket;
    }

    static AttackSocket open(int port, String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new AttackSocket(s);
    }

    /** Sends a request head that announces {@code contentLength} body bytes (-1: chunked), and none of the body. */
    AttackSocket head(String method, String path, Map<String, String> headers, long contentLength) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append(contentLength < 0 ? "Transfer-Encoding: chunked" : "Content-Length: " + contentLength);
        head.append("\r\n\r\n");
        return send(head.toString());
    }

    /** Sends text as it is; a relay that stopped reading is not an error here (see {@link #read}). */
    AttackSocket send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    AttackSocket send(byte[] bytes) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException closedByRelay) {
            // what the relay answered before it closed is still there to read
        }
        return this;
    }

    /** One more byte of a body (or of a header value, after a half-sent head). */
    void trickle() {
        send("x");
    }

    /** Reads what the relay sent, until it closes the connection or {@code wait} has passed without more. */
    Answer read(Duration wait) {
        fill(wait, false);
        Answer all = new Answer(received.toString(StandardCharsets.ISO_8859_1), eof);
        received.reset();
        return all;
    }

    /**
     * Reads the next whole answer (head and {@code Content-Length} body), or what came until a close or
     * {@code wait}; {@link Answer#closed} says whether the connection was closed by then.
     */
    Answer response(Duration wait) {
        fill(wait, true);
        String text = received.toString(StandardCharsets.ISO_8859_1);
        int length = responseLength(text);
        String one = length < 0 ? text : text.substring(0, length);
        received.reset();
        received.writeBytes(text.substring(one.length()).getBytes(StandardCharsets.ISO_8859_1));
        return new Answer(one, eof && received.size() == 0);
    }

    private void fill(Duration wait, boolean oneResponse) {
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            while (!eof && !(oneResponse && responseLength(received.toString(StandardCharsets.ISO_8859_1)) >= 0)) {
                int n = in.read(buf);
                if (n < 0) eof = true;
                else received.write(buf, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            // nothing more within the wait
        } catch (IOException reset) {
            eof = true;
        }
    }

    /** The length of the first whole answer in {@code text}, or -1 while it is not all there. */
    private static int responseLength(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) return -1;
        Matcher length = CONTENT_LENGTH.matcher(text.substring(0, end));
        int total = end + 4 + (length.find() ? Integer.parseInt(length.group(1)) : 0);
        return text.length() >= total ? total : -1;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }
}
