package io.alertrelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.config.ConfigException;
import io.alertrelay.config.TlsConfig;
import io.alertrelay.testing.ExternalProgram;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import io.alertrelay.tls.PemTls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * server.tls: the relay serves HTTPS and WSS from the PEM files openssl (or certbot) writes, and a wrong file stops
 * start-up with a message naming it and the fix. Certificates are made by the real openssl at test time.
 */
class TlsServingTest {

    @TempDir
    Path dir;

    /** A self-signed certificate for localhost and 127.0.0.1; {@code kind} is rsa or ec. Returns [cert, key]. */
    private Path[] selfSigned(String name, String kind) throws Exception {
        Path openssl = ExternalProgram.require("openssl", "openssl");
        Path cert = dir.resolve(name + "-cert.pem");
        Path key = dir.resolve(name + "-key.pem");
        List<String> cmd = new ArrayList<>(List.of(
                openssl.toString(),
                "req",
                "-x509",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString()));
        cmd.addAll(
                kind.equals("rsa")
                        ? List.of("-newkey", "rsa:2048")
                        : List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"));
        run(cmd);
        return new Path[] {cert, key};
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", cmd, out).isZero();
        return out;
    }

    @ParameterizedTest(name = "{0} key")
    @ValueSource(strings = {"rsa", "ec"})
    void aWssClientAuthenticatesSubscribesAndReceivesAnAlertPushedOverHttps(String kind) throws Exception {
        Path[] pem = selfSigned(kind, kind);
        try (TestRelay relay = TestRelay.start(dir.resolve("data"), t -> t.tls = new TlsConfig(pem[0], pem[1]))) {
            assertThat(relay.relay.baseUrl()).startsWith("https://");
            assertThat(relay.wsUri().toString()).startsWith("wss://");
            HttpClient https = HttpClient.newBuilder()
                    .sslContext(io.alertrelay.testing.TestHttp.trusting(pem[0]))
                    .build();

            WsTestClient wall = relay.track(WsTestClient.connect(https, relay.wsUri(), null));
            assertThat(wall.auth(TestRelay.VIEWER).path("role").asText()).isEqualTo("viewer");
            wall.send(Frames.subscribe());
            wall.next("snapshot");

            HttpResponse<String> pushed = https.send(
                    HttpRequest.newBuilder(URI.create(relay.base() + "/api/v2/alerts"))
                            .header("Authorization", "Bearer " + TestRelay.INGEST)
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(Frames.alert("OverTls")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
            assertThat(wall.next("alert")
                            .path("alert")
                            .path("labels")
                            .path("alertname")
                            .asText())
                    .isEqualTo("OverTls");
        }
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswerAndTheBannerPrintsHttpsAndWss() throws Exception {
        Path[] pem = selfSigned("banner", "ec");
        try (TestRelay relay = TestRelay.start(dir.resolve("data"), t -> t.tls = new TlsConfig(pem[0], pem[1]))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RelayMain.printBanner(relay.relay, new PrintStream(out, true, StandardCharsets.UTF_8));
            String banner = out.toString(StandardCharsets.UTF_8);
            assertThat(banner)
                    .contains("is serving on https://127.0.0.1:" + relay.relay.port())
                    .contains("wss://127.0.0.1:" + relay.relay.port() + "/ws")
                    .doesNotContain("http://");
            assertThatThrownBy(() -> HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://127.0.0.1:" + relay.relay.port() + "/healthz"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateStopsStartUpNamingBothFiles() throws Exception {
        Path[] a = selfSigned("a", "rsa");
        Path[] b = selfSigned("b", "rsa");
        assertThatThrownBy(() -> TestRelay.start(dir.resolve("data"), t -> t.tls = new TlsConfig(a[0], b[1])))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config error at server.tls.keyFile: " + b[1])
                .hasMessageContaining("does not belong to the certificate in " + a[0])
                .hasMessageContaining("point server.tls.keyFile at the key the certificate was issued for");
        Path[] ec = selfSigned("c", "ec");
        assertThatThrownBy(() -> PemTls.sslContext(new TlsConfig(a[0], ec[1])))
                .hasMessageContaining("this EC key does not belong to the certificate");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rsa", "ec"})
    void aTraditionalKeyIsRefusedWithTheOpensslCommandThatConvertsIt(String kind) throws Exception {
        Path[] pem = selfSigned(kind, kind);
        Path traditional = dir.resolve(kind + "-traditional.pem");
        // openssl 3 writes PKCS#8 unless asked: rsa needs -traditional, ec writes SEC1 by default
        List<String> cmd = new ArrayList<>(List.of(
                ExternalProgram.require("openssl", "openssl").toString(),
                kind,
                "-in",
                pem[1].toString(),
                "-out",
                traditional.toString()));
        if (kind.equals("rsa")) cmd.add("-traditional");
        run(cmd);
        assertThat(Files.readString(traditional))
                .contains(kind.equals("rsa") ? "BEGIN RSA PRIVATE KEY" : "BEGIN EC PRIVATE KEY");
        assertThatThrownBy(() -> PemTls.sslContext(new TlsConfig(pem[0], traditional)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the relay reads PKCS#8 keys (BEGIN PRIVATE KEY)")
                .hasMessageContaining(
                        "openssl pkcs8 -topk8 -nocrypt -in " + traditional + " -out " + traditional + ".pk8");

        // and the command given does make a key the relay takes
        run(List.of(
                "openssl", "pkcs8", "-topk8", "-nocrypt", "-in", traditional.toString(), "-out", traditional + ".pk8"));
        assertThat(PemTls.sslContext(new TlsConfig(pem[0], Path.of(traditional + ".pk8"))))
                .isNotNull();
    }

    @Test
    void missingSwappedAndNonPemFilesAreEachNamedWithTheFix() throws Exception {
        Path[] pem = selfSigned("x", "rsa");
        Path nowhere = dir.resolve("nowhere.pem");
        assertThatThrownBy(() -> PemTls.sslContext(new TlsConfig(nowhere, pem[1])))
                .hasMessage("config error at server.tls.certFile: " + nowhere + ": no such file; point"
                        + " server.tls.certFile at the PEM certificate chain (certbot: fullchain.pem)");
        assertThatThrownBy(() -> PemTls.sslContext(new TlsConfig(pem[0], nowhere)))
                .hasMessageStartingWith("config error at server.tls.keyFile: " + nowhere + ": no such file");
        assertThatThrownBy(() -> PemTls.sslContext(new TlsConfig(pem[1], pem[0])))
                .hasMessageContaining("server.tls.certFile and server.tls.keyFile look swapped");
        Path junk = Files.write(dir.resolve("junk.pem"), new byte[] {0x30, (byte) 0x82, 0x01, (byte) 0xff});
        assertThatThrownBy(() -> PemTls.sslContext(new TlsConfig(pem[0], junk)))
                .hasMessageContaining(junk + ": no PEM private key (-----BEGIN PRIVATE KEY-----) in it");
        Path folder = Files.createDirectory(dir.resolve("certs"));
        assertThatThrownBy(() -> PemTls.sslContext(new TlsConfig(folder, pem[1])))
                .hasMessageContaining("is a directory");
    }
}
