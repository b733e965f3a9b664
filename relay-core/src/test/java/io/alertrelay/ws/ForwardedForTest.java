package io.alertrelay.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.auth.Tokens;
import io.alertrelay.config.PluginsConfig;
import io.alertrelay.net.Cidr;
import io.alertrelay.net.TrustedProxies;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * X-Forwarded-For decides the client address only when the TCP peer is a trusted proxy: then the per-IP connection
 * limit counts the real client and the logs name it; from anyone else the header changes nothing. (Through a real
 * nginx: io.alertrelay.deploy.NginxClientAddressTest.)
 */
class ForwardedForTest {

    @TempDir
    Path dataDir;

    TestRelay relay;
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private ch.qos.logback.classic.Logger root;

    @BeforeEach
    void capture() {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void stop() {
        root.detachAppender(captured);
        if (relay != null) relay.close();
    }

    private void start(String... trusted) {
        Map<String, Object> webhooks = Map.of(
                "hooks",
                List.of(Map.of("name", "am", "format", "alertmanager", "tokenSha256", Tokens.sha256Hex("hook-token"))));
        relay = TestRelay.start(dataDir, t -> {
            t.maxConnectionsPerIp = 2;
            t.config = c -> c.withServer(c.server()
                            .withTrustedProxies(new TrustedProxies(java.util.Arrays.stream(trusted)
                                    .map(b -> Cidr.parse(b).cidr())
                                    .toList())))
                    .withPlugins(new PluginsConfig(null, Map.of("webhooks", new ObjectMapper().valueToTree(webhooks))));
        });
    }

    private WsTestClient from(String forwardedFor) {
        return relay.track(
                WsTestClient.connect(relay.wsUri(), TestRelay.VIEWER, Map.of("X-Forwarded-For", forwardedFor)));
    }

    private List<String> logLines() {
        return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void behindATrustedProxyThePerIpLimitCountsTheForwardedClient() {
        start("127.0.0.1");
        from("192.0.2.1").next("welcome");
        from("6.6.6.6, 192.0.2.1").next("welcome"); // a forged entry left of the real client changes nothing
        WsTestClient third = from("192.0.2.1");
        WsTestClient.Close close = third.awaitClose();
        assertThat(close.code()).isEqualTo(1008);
        assertThat(close.reason()).contains("address 192.0.2.1 holds its maximum of 2");
        // another client behind the same proxy is not held back by the first one's connections
        from("192.0.2.2").next("welcome");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(logLines())
                        .anyMatch(l -> l.startsWith("ws open ip=192.0.2.1 who=viewer"))
                        .anyMatch(l -> l.startsWith("ws open ip=192.0.2.2 who=viewer"))
                        .anyMatch(l -> l.startsWith("ws close ip=192.0.2.1 who=- role=- code=1008")));
    }

    @Test
    void fromAnUntrustedPeerTheHeaderIsIgnored() {
        start("10.0.0.0/8"); // loopback, where the test connects from, is not trusted
        from("192.0.2.1").next("welcome");
        from("192.0.2.2").next("welcome");
        WsTestClient third = from("192.0.2.3");
        assertThat(third.awaitClose().reason()).contains("address 127.0.0.1 holds its maximum of 2");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(logLines())
                        .anyMatch(l -> l.startsWith("ws open ip=127.0.0.1 who=viewer"))
                        .noneMatch(l -> l.contains("192.0.2.")));
    }

    @Test
    void aRefusedWebhookIsLoggedWithTheForwardedClient() throws Exception {
        start("127.0.0.1", "::1");
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(relay.base() + "/hooks/am"))
                                .header("Authorization", "Bearer wrong")
                                .header("X-Forwarded-For", "2001:db8::7")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(logLines())
                        .anyMatch(l -> l.startsWith("hook am refused a request from 2001:db8:0:0:0:0:0:7: ")));
    }
}
