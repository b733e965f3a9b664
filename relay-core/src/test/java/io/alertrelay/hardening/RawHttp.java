package io.alertrelay.hardening;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A POST written on a plain socket by one thread while this one reads the answer, as a sender that streams a
 * big body does: the status line is what the sender learns, even when the relay stops reading halfway.
 */
final class RawHttp {

    private RawHttp() {}

    /** The status line of the answer, or what happened instead. */
    static String post(int port, String path, Map<String, String> headers, byte[] body, boolean chunked)
            throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append(chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length)
                    .append("\r\n\r\n");
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                    for (int off = 0; off < body.length; off += 16_384) {
                        int n = Math.min(16_384, body.length - off);
                        if (chunked) out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body, off, n);
                        if (chunked) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    if (chunked) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException refusedMidway) {
                    // the relay stopped reading once it had refused the body
                }
            });
            writer.start();
            String status =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            s.close();
            writer.join(10_000);
            return status == null ? "connection closed without an answer" : status;
        } catch (SocketException reset) {
            return "connection reset before any answer: " + reset.getMessage();
        }
    }
}
