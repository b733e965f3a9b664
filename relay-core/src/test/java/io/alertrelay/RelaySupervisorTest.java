package io.alertrelay;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.alert.AlertState;
import io.alertrelay.auth.Role;
import io.alertrelay.auth.StoredToken;
import io.alertrelay.auth.TokenRegistry;
import io.alertrelay.auth.Tokens;
import io.alertrelay.command.Operations;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.history.HistoryRecorder;
import io.alertrelay.http.Readiness;
import io.alertrelay.hub.Hub;
import io.alertrelay.journal.Journal;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.store.Database;
import io.alertrelay.store.SqliteTokenStore;
import io.alertrelay.ws.WebSocketService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor's duties, one tick at a time, without a server or a schedule. */
class RelaySupervisorTest {

    @TempDir
    Path dataDir;

    SqliteTokenStore store;
    AlertPipeline pipeline;
    Readiness readiness;
    TokenRegistry tokens;
    RelaySupervisor supervisor;

    @BeforeEach
    void wire() {
        store = SqliteTokenStore.open(dataDir, Database.Sync.NORMAL);
        store.add(new StoredToken("wall-1", Role.VIEWER, Tokens.sha256Hex("wall-1-token"), Instant.EPOCH));
        KnownTokens known = new KnownTokens(List.of(), store);
        pipeline = new AlertPipeline(
                new AlertState(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(1)),
                new Journal("e", 0, 1000, Duration.ofHours(1)),
                new Hub(),
                Clock.systemUTC());
        RelayMetrics metrics = new RelayMetrics();
        readiness = new Readiness();
        tokens = new TokenRegistry(known.all());
        // no plugins here: the supervisor's duties touch none
        Operations ops = new Operations(pipeline, HistoryRecorder.listeningTo(pipeline), null, LimitsConfig.defaults());
        WebSocketService webSockets = new WebSocketService(
                ops, tokens, metrics, LimitsConfig.defaults(), Duration.ofSeconds(30), "test", List::of);
        supervisor = new RelaySupervisor(pipeline, metrics, readiness, null, known, tokens, webSockets);
    }

    @AfterEach
    void close() {
        supervisor.close();
        store.close();
    }

    @Test
    void readyWhileTheStoreIsAndNotReadyOnceShutdownBegins() {
        supervisor.tick();
        assertThat(readiness.reason()).isNull();

        supervisor.stopping();
        supervisor.tick();
        assertThat(readiness.reason()).isEqualTo("shutting down");
    }

    @Test
    void aTokenRevokedInTheStoreIsNoLongerKnownAfterTheNextTick() {
        assertThat(tokens.tokens()).extracting(StoredToken::name).containsExactly("wall-1");
        // as `./relay token revoke` does: from another connection to the same file
        try (SqliteTokenStore cli = SqliteTokenStore.open(dataDir, Database.Sync.NORMAL)) {
            cli.revoke("wall-1", Instant.EPOCH.plusSeconds(1));
        }
        supervisor.tick();
        assertThat(tokens.tokens()).isEmpty();
    }
}
