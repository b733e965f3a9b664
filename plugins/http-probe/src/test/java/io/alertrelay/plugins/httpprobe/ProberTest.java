package io.alertrelay.plugins.httpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.alertrelay.plugin.api.Sample;
import io.alertrelay.plugin.testkit.FakeSourceContext;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prober against real local HTTP and HTTPS servers (loopback only). */
class ProberTest {

    @TempDir
    Path tmp;

    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    HttpServer serve(HttpServer s, int status) {
        s.createContext("/", ex -> {
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        s.start();
        server = s;
        return s;
    }

    static Target target(String url, boolean insecure) {
        return new Target(
                "t", java.net.URI.create(url), Duration.ofSeconds(30), Duration.ofSeconds(3), "2xx", insecure);
    }

    static double value(List<Sample> samples, String metric) {
        return samples.stream()
                .filter(s -> s.metric().equals(metric))
                .findFirst()
                .orElseThrow()
                .value();
    }

    @Test
    void a200IsUpAndA503IsDown() throws Exception {
        HttpServer ok = serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), 200);
        List<Sample> up = new Prober(
                        target("http://127.0.0.1:" + ok.getAddress().getPort() + "/health", false), Clock.systemUTC())
                .probe();
        assertThat(value(up, "probe.up")).isEqualTo(1);
        assertThat(value(up, "probe.status.code")).isEqualTo(200);
        assertThat(value(up, "probe.duration.seconds")).isPositive();
        assertThat(up.get(0).labels()).containsEntry("target", "t");
        stop();
        HttpServer bad = serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), 503);
        List<Sample> down = new Prober(
                        target("http://127.0.0.1:" + bad.getAddress().getPort() + "/", false), Clock.systemUTC())
                .probe();
        assertThat(value(down, "probe.up")).isZero();
        assertThat(value(down, "probe.status.code")).isEqualTo(503);
    }

    @Test
    void aClosedPortIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<Sample> down = new Prober(target("http://127.0.0.1:" + port + "/", false), Clock.systemUTC()).probe();
        assertThat(value(down, "probe.up")).isZero();
    }

    @Test
    void httpsReportsTheDaysLeftOnTheCertificate() throws Exception {
        Path ks = tmp.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "probe",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "10",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        ks.toString(),
                        "-storepass",
                        "secret",
                        "-keypass",
                        "secret")
                .redirectErrorStream(true)
                .start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "secret".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ssl));
        serve(https, 204);
        String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/";

        List<Sample> samples = new Prober(target(url, true), Clock.systemUTC()).probe();
        assertThat(value(samples, "probe.up")).isEqualTo(1);
        assertThat(value(samples, "tls.cert.days.left")).isBetween(9.9, 10.01);
        // without insecure the self-signed certificate is refused: down
        assertThat(value(new Prober(target(url, false), Clock.systemUTC()).probe(), "probe.up"))
                .isZero();
    }

    @Test
    void theSourceProbesEachTargetOnItsInterval() throws Exception {
        HttpServer ok = serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), 200);
        try (FakeSourceContext ctx = new FakeSourceContext(
                "http-probe",
                Map.of(
                        "targets",
                        List.of(Map.of(
                                "name",
                                "a",
                                "url",
                                "http://127.0.0.1:" + ok.getAddress().getPort() + "/",
                                "interval",
                                "200ms",
                                "timeout",
                                "100ms"))))) {
            new HttpProbeSource().start(ctx);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ctx.signals(Sample.class).stream()
                                    .filter(s -> s.metric().equals("probe.up"))
                                    .count()
                            >= 3);
            assertThat(ctx.counter("probes")).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void badTargetsAreNamedByTheirKeyPath() {
        try (FakeSourceContext ctx = new FakeSourceContext(
                "http-probe", Map.of("targets", List.of(Map.of("name", "a", "url", "ftp://x/"))))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HttpProbeSource().start(ctx))
                    .hasMessageContaining("plugins.http-probe.targets[0].url")
                    .hasMessageContaining("http://");
        }
    }
}
