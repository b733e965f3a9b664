package io.alertrelay.cli;

import static io.alertrelay.cli.TokenCommandTest.relay;
import static io.alertrelay.cli.TokenCommandTest.tokenIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token commands against a relay that is running on the same dataDir: no restart, no lock taken. */
class TokenRevocationTest {

    @TempDir
    Path dir;

    TestRelay relay;
    String config;

    @BeforeEach
    void start() throws Exception {
        Path dataDir = dir.resolve("data");
        relay = TestRelay.start(dataDir);
        Path file = dir.resolve("relay.yaml");
        Files.writeString(file, "server: {port: " + relay.relay.port() + "}\ndataDir: " + dataDir + "\n");
        config = file.toString();
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private String create(String role, String name) {
        TokenCommandTest.Run r = relay("token", "create", "--role", role, "--name", name, "--config", config);
        assertThat(r.code()).as(r.err()).isZero();
        return tokenIn(r);
    }

    @Test
    void aTokenCreatedWhileTheRelayRunsWorksWithinSeconds() {
        String token = create("operator", "wall-1");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> relay.http("GET", "/api/alerts", token, null).statusCode() == 200);
        WsTestClient ws = relay.track(WsTestClient.connect(relay.wsUri(), token));
        assertThat(ws.next("welcome").path("role").asText()).isEqualTo("operator");
    }

    @Test
    void revokingClosesOpenSessionsOfThatTokenWith4401AndHttpAnswers401() {
        String token = create("viewer", "wall-1");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> relay.http("GET", "/api/alerts", token, null).statusCode() == 200);
        WsTestClient byHeader = relay.subscribed(token);
        WsTestClient byFrame = relay.track(WsTestClient.connect(relay.wsUri(), null));
        byFrame.auth(token);
        WsTestClient other = relay.subscribed(TestRelay.VIEWER);

        TokenCommandTest.Run r = relay("token", "revoke", "wall-1", "--config", config);
        assertThat(r.code()).as(r.err()).isZero();

        for (WsTestClient c : new WsTestClient[] {byHeader, byFrame}) {
            WsTestClient.Close close = c.awaitClose();
            assertThat(close.code()).isEqualTo(4401);
            assertThat(close.reason()).contains("token revoked");
        }
        assertThat(relay.http("GET", "/api/alerts", token, null).statusCode()).isEqualTo(401);
        WsTestClient again = relay.track(WsTestClient.connect(relay.wsUri(), token));
        assertThat(again.awaitClose().code()).isEqualTo(4401);
        // a session signed in with another token is left alone
        other.send("{\"type\":\"ping\",\"id\":\"p1\"}");
        assertThat(other.next("pong").path("id").asText()).isEqualTo("p1");
    }
}
