package io.alertrelay.loadtest.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** What starting either server needs: a free port, and waiting until it answers /healthz. */
final class Launch {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Launch() {}

    static int freePort() throws IOException {
        return freePorts(1).get(0);
    }

    /**
     * {@code n} distinct free ports, all held open while they are picked: picked one after another, the kernel may
     * hand out a port again that the process just started has not bound yet (two cluster nodes got the same port
     * that way, and the second one's /healthz was answered by the first).
     */
    static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) held.add(new ServerSocket(0));
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : held) s.close();
        }
    }

    static void awaitHealthy(Process p, String base, String what) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive())
                throw new IOException(what + " exited with " + p.exitValue() + " before it served " + base);
            try {
                HttpResponse<Void> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/healthz"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + what, e);
            }
            try {
                p.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + what, e);
            }
        }
        p.destroyForcibly();
        throw new IOException(what + " did not answer " + base + "/healthz within 90 s");
    }

    /** A number a running server is asked for. */
    interface Question {
        OptionalLong ask() throws IOException, InterruptedException;
    }

    /** The answer, or empty when the server cannot give one (gone, too slow, or it says something unexpected). */
    static OptionalLong ask(Question q) {
        try {
            return q.ask();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** The body of {@code GET url}. */
    static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** SIGTERM to all at once, then wait for each: several nodes shut down together, not one after the other. */
    static void stopAll(List<Process> ps) {
        ps.forEach(Process::destroy);
        ps.forEach(Launch::stop);
    }

    static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
