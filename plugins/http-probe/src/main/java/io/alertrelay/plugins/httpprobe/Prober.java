package io.alertrelay.plugins.httpprobe;

import io.alertrelay.plugin.api.Sample;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Checks one target once: a GET with the target's timeout. Emits {@code probe.up} (1 or 0),
 * {@code probe.duration.seconds}, {@code probe.status.code} and, for HTTPS, {@code tls.cert.days.left}
 * of the server's certificate. Labels: {@code target} and {@code url}.
 */
final class Prober {

    private final Target target;
    private final HttpClient client;
    private final Clock clock;

    Prober(Target target, Clock clock) {
        this.target = target;
        this.clock = clock;
        HttpClient.Builder b =
                HttpClient.newBuilder().connectTimeout(target.timeout()).followRedirects(HttpClient.Redirect.NEVER);
        if (target.insecure()) b.sslContext(trustAll());
        this.client = b.build();
    }

    List<Sample> probe() {
        Instant at = clock.instant();
        String[] labels = {"target", target.name(), "url", target.url().toString()};
        List<Sample> out = new ArrayList<>(4);
        long start = System.nanoTime();
        try {
            HttpResponse<Void> r = client.send(
                    HttpRequest.newBuilder(target.url())
                            .timeout(target.timeout())
                            .header("User-Agent", "alert-relay-http-probe")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            double seconds = (System.nanoTime() - start) / 1e9;
            out.add(Sample.of("probe.up", target.accepts(r.statusCode()) ? 1 : 0, at, labels));
            out.add(Sample.of("probe.duration.seconds", seconds, at, labels));
            out.add(Sample.of("probe.status.code", r.statusCode(), at, labels));
            r.sslSession().ifPresent(s -> {
                try {
                    if (s.getPeerCertificates()[0] instanceof X509Certificate cert) {
                        double days = Duration.between(at, cert.getNotAfter().toInstant())
                                        .toMinutes()
                                / 1440.0;
                        out.add(Sample.of("tls.cert.days.left", days, at, labels));
                    }
                } catch (SSLPeerUnverifiedException e) {
                    // no certificate to read: nothing to report
                }
            });
        } catch (IOException e) {
            out.add(Sample.of("probe.up", 0, at, labels));
            out.add(Sample.of("probe.duration.seconds", (System.nanoTime() - start) / 1e9, at, labels));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
