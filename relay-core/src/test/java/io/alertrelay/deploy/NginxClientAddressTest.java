package io.alertrelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.alertrelay.testing.Nginx;
import io.alertrelay.testing.RawWsSocket;
import io.alertrelay.testing.TestRelay;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Through the shipped nginx, limits.maxConnectionsPerIp counts each real client, not nginx: clients connect from
 * different loopback addresses (127.0.0.2, 127.0.0.3, ...), nginx passes each one's address in X-Forwarded-For,
 * and the relay, trusting only 127.0.0.1 (nginx), counts and logs that address. A header a client forges is no
 * help to it, through nginx or straight to the relay.
 */
class NginxClientAddressTest {

    @TempDir
    Path dir;

    TestRelay relay;
    Nginx nginx;
    final List<RawWsSocket> sockets = new ArrayList<>();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private ch.qos.logback.classic.Logger root;

    @BeforeEach
    void start() throws Exception {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        captured.start();
        root.addAppender(captured);
        relay = TestRelay.start(dir.resolve("data"), t -> {
            t.maxConnectionsPerIp = 2;
            t.config = c -> c.withServer(c.server().withTrustedProxies(NginxProtocolTest.loopback()));
        });
        nginx = Nginx.start(dir.resolve("nginx"), List.of(relay.relay.port()));
    }

    @AfterEach
    void stop() throws IOException {
        root.detachAppender(captured);
        for (RawWsSocket s : sockets) s.close();
        if (nginx != null) nginx.close();
        if (relay != null) relay.close();
    }

    /** A WebSocket through nginx (TLS) from the loopback address {@code from}, with extra upgrade headers. */
    RawWsSocket viaNginx(String from, String extraHeaders) throws IOException {
        Socket s = nginx.sslContext().getSocketFactory().createSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        RawWsSocket ws =
                RawWsSocket.open(s, new InetSocketAddress("127.0.0.1", nginx.port()), TestRelay.VIEWER, extraHeaders);
        sockets.add(ws);
        return ws;
    }

    /** The first text frame (the welcome), or the close frame that came instead. */
    static RawWsSocket.Frame first(RawWsSocket ws) throws IOException {
        RawWsSocket.Frame f = ws.readFrame(Duration.ofSeconds(10));
        while (f.opcode() == 0x9) f = ws.readFrame(Duration.ofSeconds(10)); // a heartbeat ping first: skip it
        return f;
    }

    List<String> logs() {
        return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void thePerIpLimitCountsTheClientBehindNginx() throws Exception {
        assertThat(first(viaNginx("127.0.0.2", "")).text()).contains("\"type\":\"welcome\"");
        assertThat(first(viaNginx("127.0.0.2", "")).text()).contains("\"type\":\"welcome\"");
        RawWsSocket.Frame refused = first(viaNginx("127.0.0.2", ""));
        assertThat(refused.opcode()).isEqualTo(0x8);
        assertThat(refused.closeCode()).isEqualTo(1008);
        assertThat(refused.closeReason()).contains("address 127.0.0.2 holds its maximum of 2");

        // every connection arrived from nginx's 127.0.0.1, yet another client is not held back by 127.0.0.2's
        assertThat(first(viaNginx("127.0.0.3", "")).text()).contains("\"type\":\"welcome\"");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(logs())
                        .anyMatch(l -> l.startsWith("ws open ip=127.0.0.2 who=viewer"))
                        .anyMatch(l -> l.startsWith("ws open ip=127.0.0.3 who=viewer"))
                        .anyMatch(l -> l.startsWith("ws close ip=127.0.0.2 who=- role=- code=1008"))
                        .noneMatch(l -> l.startsWith("ws open ip=127.0.0.1")));
    }

    @Test
    void aForgedXForwardedForThroughNginxDoesNotEscapeTheLimit() throws Exception {
        first(viaNginx("127.0.0.2", ""));
        first(viaNginx("127.0.0.2", ""));
        // nginx appends the real address after what the client wrote; the relay reads from the right
        RawWsSocket.Frame refused = first(viaNginx("127.0.0.2", "X-Forwarded-For: 127.0.0.9\r\n"));
        assertThat(refused.closeCode()).isEqualTo(1008);
        assertThat(refused.closeReason()).contains("address 127.0.0.2");
    }

    @Test
    void straightToTheRelayAForgedHeaderIsIgnored() throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.4"), 0));
        RawWsSocket direct = RawWsSocket.open(
                s,
                new InetSocketAddress("127.0.0.1", relay.relay.port()),
                TestRelay.VIEWER,
                "X-Forwarded-For: 10.9.9.9\r\n");
        sockets.add(direct);
        assertThat(first(direct).text()).contains("\"type\":\"welcome\"");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(logs())
                        .anyMatch(l -> l.startsWith("ws open ip=127.0.0.4 who=viewer"))
                        .noneMatch(l -> l.contains("10.9.9.9")));
    }

    @Test
    void metricsAreServedToLoopbackOnlyWhateverThePathParametersSay() throws IOException {
        assertThat(statusVia("127.0.0.1", "/metrics")).isEqualTo(200);
        // from anywhere else: refused, also when ";..." would make "/metrics" miss an exact location match
        for (String path : List.of("/metrics", "/metrics;x", "/metrics;", "/metrics%3Bx", "/metrics/")) {
            assertThat(statusVia("127.0.0.2", path)).as(path).isEqualTo(403);
        }
    }

    /** The status line of a GET through nginx from the loopback address {@code from}. */
    int statusVia(String from, String path) throws IOException {
        try (Socket s = nginx.sslContext().getSocketFactory().createSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", nginx.port()), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String head = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            return Integer.parseInt(head.substring(9, 12));
        }
    }
}
