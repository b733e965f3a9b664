package io.alertrelay.loadtest.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What starting either server needs: a free port, and waiting until it answers /healthz. */
final class Launch {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Launch() {}

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void awaitHealthy(Process p, String base, String what) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException(what + " exited with " + p.exitValue() + " before it served " + base);
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
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
