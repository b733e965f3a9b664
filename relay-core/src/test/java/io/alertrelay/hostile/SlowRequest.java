package io.alertrelay.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * One request on its own socket whose first part (the head, or part of it) is sent at once and whose rest trickles
 * a byte at a time, as long as the attacker likes; another thread reads whatever the relay answers, timed from the
 * moment the first part was sent.
 */
final class SlowRequest implements AutoCloseable {

    final String label;
    private final Socket socket;
    private final OutputStream out;
    private final byte[] rest;
    private final CompletableFuture<SourceHttp.Answer> answer = new CompletableFuture<>();
    private int next;

    private SlowRequest(String label, Socket socket, byte[] rest) throws IOException {
        this.label = label;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.rest = rest;
    }

    /** Connects from {@code from}, sends {@code first}, and starts reading the answer (waiting at most {@code cap}). */
    static SlowRequest start(
            String label, String from, int port, byte[] first, byte[] rest, ExecutorService readers, Duration cap)
            throws IOException {
        SlowRequest r = new SlowRequest(label, SourceHttp.connect(from, port), rest);
        long sent = System.nanoTime();
        r.out.write(first);
        r.out.flush();
        readers.submit(() -> r.answer.complete(SourceHttp.read(r.socket, sent, cap)));
        return r;
    }

    /** Sends the next byte, unless the relay has answered or everything was sent. */
    void trickle() {
        if (answer.isDone() || next >= rest.length) return;
        try {
            out.write(rest[next++]);
            out.flush();
        } catch (IOException cut) {
            next = rest.length; // the relay closed the connection
        }
    }

    /** Bytes of the rest sent so far. */
    int trickled() {
        return next;
    }

    /** The relay's answer so far, or null while it has given none. */
    SourceHttp.Answer answer() {
        return answer.getNow(null);
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
