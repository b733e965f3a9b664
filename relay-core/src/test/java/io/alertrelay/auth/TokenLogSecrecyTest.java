package io.alertrelay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.alertrelay.auth.jwt.Jwts;
import io.alertrelay.cli.TokenCli;
import io.alertrelay.config.JwtConfig;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything logged (the relay's own loggers at DEBUG), while static tokens and JWTs sign in, fail, get created by the
 * CLI and get
 * revoked: no token, no JWT or part of its signature, and no whole token hash ever appears; the names do.
 */
class TokenLogSecrecyTest {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private ch.qos.logback.classic.Logger root;
    private ch.qos.logback.classic.Logger relayLogs;
    private Level relayLevel;

    @BeforeEach
    void capture() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
        // the relay's own loggers at DEBUG; the test's HTTP client stays quiet
        relayLogs = logging.getLogger("io.alertrelay");
        relayLevel = relayLogs.getLevel();
        relayLogs.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
        relayLogs.setLevel(relayLevel);
    }

    private String logText() {
        synchronized (captured.list) {
            return captured.list.stream()
                    .map(e -> e.getFormattedMessage()
                            + (e.getThrowableProxy() == null
                                    ? ""
                                    : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                    .collect(Collectors.joining("\n"));
        }
    }

    @Test
    void noTokenJwtOrHashIsEverLogged() throws Exception {
        Path dataDir = dir.resolve("data");
        List<String> secrets = new ArrayList<>();
        try (TestRelay relay = TestRelay.start(dataDir, t -> {
            t.jwt = JwtConfig.hs256(Jwts.SECRET_ENV).withAudience("alert-relay");
            t.env = Map.of(Jwts.SECRET_ENV, Jwts.SECRET);
        })) {
            Path config = dir.resolve("relay.yaml");
            Files.writeString(config, "server: {port: " + relay.relay.port() + "}\ndataDir: " + dataDir + "\n");
            String wrong = Tokens.generate();
            String jwt = Jwts.hs256(Jwts.claims("alice", "operator").audience("alert-relay"));
            String expired = Jwts.hs256(Jwts.claims("alice", "operator")
                    .audience("alert-relay")
                    .expirationTime(Date.from(Instant.now().minusSeconds(3600))));
            String forged = Jwts.hs256(
                    Jwts.claims("mallory", "admin").audience("alert-relay"),
                    "a-different-secret-that-is-also-long-enough");
            String created = TokenCli.create(config, "wall-1", "viewer");
            secrets.addAll(List.of(TestRelay.OPERATOR, wrong, jwt, expired, forged, created, Jwts.SECRET));

            // successes: static token and JWT, by header, by auth frame and over HTTP
            for (String good : List.of(TestRelay.OPERATOR, jwt)) {
                relay.client(good);
                relay.track(WsTestClient.connect(relay.wsUri(), null)).auth(good);
                assertThat(relay.http("GET", "/api/alerts", good, null).statusCode())
                        .isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> relay.http("GET", "/api/alerts", created, null).statusCode() == 200);
            WsTestClient wall = relay.client(created);
            // failures: unknown token, expired JWT, forged JWT
            for (String bad : List.of(wrong, expired, forged)) {
                relay.track(WsTestClient.connect(relay.wsUri(), bad)).awaitClose();
                WsTestClient byFrame = relay.track(WsTestClient.connect(relay.wsUri(), null));
                byFrame.send("{\"type\":\"auth\",\"token\":\"" + bad + "\"}");
                byFrame.awaitClose();
                assertThat(relay.http("GET", "/api/alerts", bad, null).statusCode())
                        .isEqualTo(401);
            }
            // a revocation while the token's session is open
            TokenCli.revoke(config, "wall-1");
            assertThat(wall.awaitClose().code()).isEqualTo(4401);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> logText().matches("(?s).*who=wall-1 role=viewer code=4401.*"));
        }

        String logs = logText();
        assertThat(logs)
                .as("the log was captured")
                .contains("who=alice")
                .contains("who=operator")
                .contains("ws revoked ip=127.0.0.1 who=wall-1");
        for (String s : secrets) {
            assertThat(logs).doesNotContain(s).doesNotContain(Tokens.sha256Hex(s));
            if (s.chars().filter(c -> c == '.').count() == 2) {
                assertThat(logs).doesNotContain(s.substring(s.lastIndexOf('.') + 1));
            }
        }
    }
}
