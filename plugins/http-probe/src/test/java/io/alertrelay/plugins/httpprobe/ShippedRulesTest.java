package io.alertrelay.plugins.httpprobe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.alertrelay.alert.Alert;
import io.alertrelay.plugin.devkit.RuleBench;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule http-probe ships fires and clears on what the real prober reports about real loopback servers,
 * run by the relay's rule engine on a clock the test moves.
 */
class ShippedRulesTest {

    @TempDir
    Path tmp;

    HttpServer server;
    volatile int status = 503;
    volatile long delayMillis;

    /** Answers a slow backend's requests later, so no thread waits out the delay. */
    final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
        later.shutdownNow();
    }

    HttpServer start(HttpServer s) {
        s.createContext("/", ex -> {
            // a slow backend, as the prober meets one: the answer is sent delayMillis after the request came
            later.schedule(
                    () -> {
                        try {
                            ex.sendResponseHeaders(status, -1);
                        } catch (IOException gone) {
                            // the prober gave up on it: its timeout is what the test is about
                        } finally {
                            ex.close();
                        }
                    },
                    delayMillis,
                    TimeUnit.MILLISECONDS);
        });
        s.start();
        server = s;
        return s;
    }

    RuleBench bench(String url) {
        return bench(url, "30s");
    }

    RuleBench bench(String url, String interval) {
        return RuleBench.of(
                "http-probe",
                new HttpProbeSource(),
                Map.of("targets", List.of(Map.of("name", "shop", "url", url, "interval", interval))));
    }

    static Target target(String url) {
        return new Target("shop", java.net.URI.create(url), Duration.ofSeconds(30), Duration.ofSeconds(5), "2xx", true);
    }

    @Test
    void probeDownFiresAfterAMinuteOfFailuresAndClearsOnTheFirstGoodProbe() throws Exception {
        String url = "http://127.0.0.1:"
                + start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0))
                        .getAddress()
                        .getPort() + "/health";
        RuleBench bench = bench(url);
        Prober prober = new Prober(target(url), bench.clock());
        bench.feed(prober.probe());
        bench.advance(Duration.ofSeconds(30)).feed(prober.probe());
        assertThat(bench.firing("ProbeDown")).isEmpty();
        bench.advance(Duration.ofSeconds(30)).feed(prober.probe());
        Alert down = bench.firing("ProbeDown").orElseThrow();
        assertThat(down.severity()).isEqualTo("critical");
        assertThat(down.annotations()).containsEntry("summary", url + " is down");

        status = 200;
        bench.advance(Duration.ofSeconds(30)).feed(prober.probe());
        assertThat(bench.firing("ProbeDown")).isEmpty();
        Alert up = bench.resolved("ProbeDown").orElseThrow();
        assertThat(up.annotations())
                .containsEntry("summary", url + " is up again")
                .containsEntry("resolved_reason", "probe.up is 1, at or above the clear level 1");
    }

    @Test
    void probeDownClearsOnTheFirstGoodProbeAfterARestart() throws Exception {
        String url = "http://127.0.0.1:"
                + start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0))
                        .getAddress()
                        .getPort() + "/";
        RuleBench bench = bench(url);
        Prober prober = new Prober(target(url), bench.clock());
        for (int i = 0; i < 3; i++) bench.advance(Duration.ofSeconds(30)).feed(prober.probe());
        assertThat(bench.firing("ProbeDown")).isPresent();
        status = 200;
        bench.advance(Duration.ofMinutes(2)).restart();
        bench.advance(Duration.ofSeconds(1)).feed(new Prober(target(url), bench.clock()).probe());
        assertThat(bench.firing("ProbeDown")).isEmpty();
        assertThat(bench.alerts()).hasSize(1);
    }

    @Test
    void aTargetThatIsNoLongerProbedResolvesAfterThreeIntervals() throws Exception {
        String url = "http://127.0.0.1:"
                + start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0))
                        .getAddress()
                        .getPort() + "/";
        RuleBench bench = bench(url);
        Prober prober = new Prober(target(url), bench.clock());
        for (int i = 0; i < 3; i++) bench.advance(Duration.ofSeconds(30)).feed(prober.probe());
        assertThat(bench.firing("ProbeDown")).isPresent();
        bench.advance(Duration.ofSeconds(89));
        assertThat(bench.firing("ProbeDown")).isPresent();
        bench.advance(Duration.ofSeconds(1));
        assertThat(bench.resolved("ProbeDown").orElseThrow().annotations().get("resolved_reason"))
                .isEqualTo("no sample of probe.up for 1m30s: its source stopped reporting this series");
    }

    @Test
    void probeSlowFiresAfterFiveSlowMinutesAndClearsOnAFastAnswer() throws Exception {
        status = 200;
        delayMillis = 2100;
        String url = "http://127.0.0.1:"
                + start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0))
                        .getAddress()
                        .getPort() + "/";
        RuleBench bench = bench(url, "5m"); // one slow probe every 5 minutes: the series stays alive for 15
        Prober prober = new Prober(target(url), bench.clock());
        bench.feed(prober.probe());
        bench.advance(Duration.ofMinutes(5)).feed(prober.probe());
        assertThat(bench.firing("ProbeSlow").orElseThrow().severity()).isEqualTo("warning");
        delayMillis = 0;
        bench.advance(Duration.ofSeconds(30)).feed(prober.probe());
        assertThat(bench.firing("ProbeSlow")).isEmpty();
        assertThat(bench.resolved("ProbeSlow").orElseThrow().annotations().get("summary"))
                .startsWith(url + " answers in ");
    }

    @Test
    void tlsCertExpiringSoonFiresOnAShortCertificateAndClearsWhenARenewedOneIsServed() throws Exception {
        status = 204;
        HttpsServer https = (HttpsServer) start(httpsServer(0, keystore("short", 10)));
        int port = https.getAddress().getPort();
        String url = "https://127.0.0.1:" + port + "/";
        RuleBench bench = bench(url);
        bench.feed(new Prober(target(url), bench.clock()).probe());
        Alert expiring = bench.firing("TlsCertExpiringSoon").orElseThrow();
        assertThat(expiring.severity()).isEqualTo("warning");
        assertThat(expiring.annotations().get("summary"))
                .matches("The TLS certificate of " + java.util.regex.Pattern.quote(url)
                        + " expires in (9|10)(\\.\\d+)? days");

        https.stop(0);
        start(httpsServer(port, keystore("renewed", 90))); // the same address, a renewed certificate
        bench.advance(Duration.ofSeconds(30)).feed(new Prober(target(url), bench.clock()).probe());
        assertThat(bench.firing("TlsCertExpiringSoon")).isEmpty();
        assertThat(bench.resolved("TlsCertExpiringSoon")
                        .orElseThrow()
                        .annotations()
                        .get("summary"))
                .matches("The TLS certificate of " + java.util.regex.Pattern.quote(url)
                        + " has (89|90)(\\.\\d+)? days left");
    }

    Path keystore(String name, int days) throws Exception {
        Path ks = tmp.resolve(name + ".p12");
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
                        String.valueOf(days),
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
        return ks;
    }

    static HttpsServer httpsServer(int port, Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "secret".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return https;
    }
}
