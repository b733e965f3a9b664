package io.alertrelay.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A real nginx ({@code /usr/sbin/nginx}, Debian package nginx) running the shipped deploy/nginx files in front of
 * relays on loopback, as a plain process of the user running the tests: config, logs, pid and temp files all live
 * in the folder given to {@link #start}. Missing nginx or openssl: the test is skipped (fails under CI=true).
 *
 * <p>The site is HTTPS, as shipped, with a certificate made by openssl for 127.0.0.1: connect with {@link #http()}
 * (an HttpClient that trusts it), {@link #base()} and {@link #wsUri()}, e.g.
 * {@code WsTestClient.connect(nginx.http(), nginx.wsUri(), token)}. {@link #httpPort()} is the plain-HTTP server,
 * which only redirects.
 */
public final class Nginx implements AutoCloseable {

    private final Path binary;
    private final NginxSite.Rendered site;
    private final Process master;
    private final SSLContext tls;
    private final HttpClient http;

    private Nginx(Path binary, NginxSite.Rendered site, Process master, SSLContext tls) {
        this.binary = binary;
        this.site = site;
        this.master = master;
        this.tls = tls;
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Renders the shipped config for relays on {@code upstreamPorts}, starts nginx and waits until it answers. */
    public static Nginx start(Path dir, List<Integer> upstreamPorts) throws IOException {
        Path binary = ExternalProgram.require("nginx", "nginx");
        Path[] cert = certificate(dir);
        NginxSite.Rendered site = NginxSite.render(dir, upstreamPorts, freePort(), freePort(), cert[0], cert[1]);
        Process p = new ProcessBuilder(command(binary, site, "-g", "daemon off;"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs/nginx.out").toFile())
                .start();
        Nginx nginx;
        try {
            nginx = new Nginx(binary, site, p, TestHttp.trusting(cert[0]));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("cannot trust the test certificate " + cert[0], e);
        }
        try {
            await("nginx listening on 127.0.0.1:" + site.httpsPort())
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!p.isAlive()) throw new IllegalStateException("nginx exited: " + nginx.log());
                        return answers(site.httpsPort());
                    });
        } catch (RuntimeException e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    /** {@code nginx -t} on the shipped files rendered into {@code dir}; returns its output, throws when it fails. */
    public static String configTest(Path dir, List<Integer> upstreamPorts) throws IOException, InterruptedException {
        Path binary = ExternalProgram.require("nginx", "nginx");
        Path[] cert = certificate(dir);
        NginxSite.Rendered site = NginxSite.render(dir, upstreamPorts, freePort(), freePort(), cert[0], cert[1]);
        return run(command(binary, site, "-t"), "nginx -t");
    }

    private static List<String> command(Path binary, NginxSite.Rendered site, String... more) {
        List<String> cmd = new ArrayList<>(List.of(
                binary.toString(),
                "-e",
                site.dir().resolve("logs/error.log").toString(),
                "-p",
                site.dir().toString(),
                "-c",
                site.mainConf().toString()));
        cmd.addAll(List.of(more));
        return cmd;
    }

    /** The HTTPS port: the shipped site's TLS server, where the relays are served. */
    public int port() {
        return site.httpsPort();
    }

    /** The plain-HTTP port: the shipped redirect to HTTPS. */
    public int httpPort() {
        return site.httpPort();
    }

    public String base() {
        return "https://127.0.0.1:" + port();
    }

    public URI wsUri() {
        return URI.create("wss://127.0.0.1:" + port() + "/ws");
    }

    /** An HTTP and WebSocket client that trusts this nginx's test certificate. */
    public HttpClient http() {
        return http;
    }

    public SSLContext sslContext() {
        return tls;
    }

    public Path dir() {
        return site.dir();
    }

    /** The pids of nginx's worker processes now, old ones still shutting down after a reload included. */
    public Set<Long> workers() {
        return master.children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /**
     * {@code nginx -s reload} with the same files, then waits until new workers serve: the old ones keep the
     * connections they hold until those close or worker_shutdown_timeout passes.
     */
    public void reload() throws IOException, InterruptedException {
        Set<Long> before = workers();
        run(command(binary, site, "-s", "reload"), "nginx -s reload");
        await("new nginx workers after a reload")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> workers().stream().anyMatch(pid -> !before.contains(pid)));
    }

    /** What nginx logged (notice level: reloads, workers starting and exiting, errors). */
    public String log() {
        try {
            Path out = site.dir().resolve("logs/nginx.out");
            return Files.readString(site.dir().resolve("logs/error.log"))
                    + (Files.exists(out) ? Files.readString(out) : "");
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM to the master (fast shutdown; it stops its workers), then waits. */
    @Override
    public void close() {
        List<ProcessHandle> children = master.children().toList();
        master.destroy();
        try {
            if (!master.waitFor(20, TimeUnit.SECONDS)) master.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly); // only if the master could not stop them itself
    }

    private static String run(List<String> cmd, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed (" + String.join(" ", cmd) + "): " + out);
        }
        return out;
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A free loopback port; the small race until nginx binds it is accepted (nginx then fails and says so). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A self-signed EC certificate for 127.0.0.1 and localhost, made by the real openssl: [cert, key]. */
    private static Path[] certificate(Path dir) throws IOException {
        Path openssl = ExternalProgram.require("openssl", "openssl");
        Files.createDirectories(dir);
        Path cert = dir.resolve("nginx-cert.pem");
        Path key = dir.resolve("nginx-key.pem");
        if (Files.exists(cert) && Files.exists(key)) return new Path[] {cert, key};
        try {
            run(
                    List.of(
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
                            "-newkey",
                            "ec",
                            "-pkeyopt",
                            "ec_paramgen_curve:P-256",
                            "-keyout",
                            key.toString(),
                            "-out",
                            cert.toString()),
                    "openssl req");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making a certificate", e);
        }
        return new Path[] {cert, key};
    }
}
