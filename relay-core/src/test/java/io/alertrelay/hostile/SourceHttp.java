package io.alertrelay.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written on a plain socket bound to a chosen loopback source address (127.0.0.2, 127.0.0.3, ...), so that
 * each attacker and each well-behaved sender is its own client address to the relay; java.net.http cannot choose
 * its source address. One request per connection ({@code Connection: close}); every read is capped.
 */
final class SourceHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** More of an answer's body than any check here reads (a /metrics with thousands of series fits). */
    private static final int MAX_BODY = 16 << 20;

    /** What came back: a status (0 when none) and the JSON {@code error} code, or what happened instead. */
    record Answer(int status, String error, Map<String, String> headers, String body, long millis, String failure) {

        /** "200", "401 unauthorized", "408 request-timeout", "closed without an answer", ... */
        String outcome() {
            if (status == 0) return failure;
            return error == null ? Integer.toString(status) : status + " " + error;
        }
    }

    private SourceHttp() {}

    /** A socket from {@code from} connected to the relay on loopback. */
    static Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return s;
    }

    /** Sends one whole request and reads the answer, waiting at most {@code cap} for it. */
    static Answer send(
            String from, int port, String method, String path, Map<String, String> headers, byte[] body, Duration cap) {
        long started = System.nanoTime();
        try (Socket s = connect(from, port)) {
            OutputStream out = s.getOutputStream();
            out.write(head(method, path, headers, body == null ? -1 : body.length));
            if (body != null) out.write(body);
            out.flush();
            return read(s, started, cap);
        } catch (IOException e) {
            return failed(started, "connection failed: " + e.getMessage());
        }
    }

    /** The request line and headers, with Host, Connection: close and (for a body) Content-Length. */
    static byte[] head(String method, String path, Map<String, String> headers, long contentLength) {
        StringBuilder b = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        if (contentLength >= 0)
            b.append("Content-Length: ").append(contentLength).append("\r\n");
        return b.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads one answer from {@code s}, timing it from {@code started}; never waits past {@code cap} in all. */
    static Answer read(Socket s, long started, Duration cap) {
        try {
            InputStream in = new BufferedInputStream(s.getInputStream());
            String status = line(s, in, started, cap);
            if (status == null) return failed(started, "closed without an answer");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h; (h = line(s, in, started, cap)) != null && !h.isEmpty(); ) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.put(
                            h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            h.substring(colon + 1).trim());
                }
            }
            int code = Integer.parseInt(status.split(" ")[1]);
            String body = body(s, in, headers, started, cap);
            return new Answer(code, errorCode(body), headers, body, millisSince(started), null);
        } catch (SocketTimeoutException e) {
            return failed(started, "no answer within " + cap.toSeconds() + " s");
        } catch (IOException | RuntimeException e) {
            return failed(started, "reset without an answer");
        }
    }

    private static String body(Socket s, InputStream in, Map<String, String> headers, long started, Duration cap)
            throws IOException {
        String length = headers.get("content-length");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int limit = length == null ? MAX_BODY : Math.min(MAX_BODY, Integer.parseInt(length));
        byte[] buf = new byte[8192];
        try {
            while (b.size() < limit) {
                setTimeout(s, started, cap);
                int n = in.read(buf, 0, Math.min(buf.length, limit - b.size()));
                if (n < 0) break;
                b.write(buf, 0, n);
            }
        } catch (IOException cut) {
            // what arrived before the relay closed is the body
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String line(Socket s, InputStream in, long started, Duration cap) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            setTimeout(s, started, cap);
            int c = in.read();
            if (c < 0) return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            if (c == '\n') return b.toString(StandardCharsets.ISO_8859_1).stripTrailing();
            b.write(c);
        }
    }

    private static void setTimeout(Socket s, long started, Duration cap) throws IOException {
        long left = cap.toMillis() - millisSince(started);
        if (left <= 0) throw new SocketTimeoutException("cap");
        s.setSoTimeout((int) left);
    }

    private static String errorCode(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.hasNonNull("error") ? n.get("error").asText() : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    static Answer failed(long started, String why) {
        return new Answer(0, null, Map.of(), "", millisSince(started), why);
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
