package io.alertrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Change;
import io.alertrelay.journal.JournalEntry;
import io.alertrelay.store.AlertStore;
import io.alertrelay.store.StaleViewException;
import io.alertrelay.store.StoreException;
import io.alertrelay.testing.RedisServer;
import io.alertrelay.wire.WireCodec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis store's edges, against a real redis-server: what commit.lua and load.lua keep, refuse and protect. */
class RedisAlertStoreTest {

    private static final AlertStore.Dropped NONE = AlertStore.Dropped.NONE;
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path dir;

    RedisServer redis;
    RedisAlertStore store;

    @BeforeEach
    void start() {
        redis = RedisServer.start(dir.resolve("redis"));
        store = RedisAlertStore.connect(redis.url(), "{t}:", 1_000);
    }

    @AfterEach
    void stop() {
        store.close();
        redis.close();
    }

    @Test
    void aStepBuiltOnAnOlderViewIsRefusedWithTheStoresSeqAndNothingOfItIsKept() {
        AlertStore.Loaded first = store.load();
        store.commit(step(1, firing("a", T0.plusSeconds(60))));
        assertThatThrownBy(() -> store.commit(step(1, firing("b", T0.plusSeconds(60)))))
                .isInstanceOfSatisfying(
                        StaleViewException.class, e -> assertThat(e.storeSeq()).isEqualTo(1));
        AlertStore.Loaded now = store.load();
        assertThat(now.epoch()).isEqualTo(first.epoch());
        assertThat(now.latestSeq()).isEqualTo(1);
        assertThat(now.alerts()).extracting(Alert::fingerprint).containsExactly("a");
    }

    @Test
    void anExpiryNeverMovesBackAndADropDeletesOnlyAnAlertThatIsStillResolved() {
        store.load();
        store.commit(step(1, firing("a", T0.plusSeconds(600))));
        // a node that had not heard of that re-send writes the same episode with an older expiry (an ack, say)
        store.commit(step(2, firing("a", T0.plusSeconds(60))));
        assertThat(store.load().alerts().get(0).expiresAt()).isEqualTo(T0.plusSeconds(600));
        // another node decided to drop "a" for retention, but it is firing: the drop must not delete it
        store.commit(new AlertStore.Step(List.of(), new AlertStore.Dropped(List.of("a"), List.of()), 0));
        assertThat(store.load().alerts()).extracting(Alert::fingerprint).containsExactly("a");
    }

    @Test
    void framesWithNonAsciiTextComeBackByteForByte() {
        store.load();
        Alert a = Alert.firing(
                        "f1",
                        "critical",
                        Map.of("alertname", "Disque plein – 98 % ✓ 磁盘"),
                        Map.of("summary", "Ünïcödé 🚨"),
                        "api",
                        T0)
                .withExpiresAt(T0.plusSeconds(60));
        JournalEntry e = entry(1, a);
        store.commit(new AlertStore.Step(List.of(e), NONE, 0));
        JournalEntry back = store.load().journal().get(0);
        assertThat(back.frame()).isEqualTo(e.frame());
        assertThat(((Change.AlertChanged) back.change()).alert().labels()).isEqualTo(a.labels());
    }

    @Test
    void keysSomebodyElseWroteUnderThePrefixStopStartUpInsteadOfBeingDeleted() {
        try (var r = redis.client()) {
            r.hset("{t}:alerts", "x", "not ours");
        }
        assertThatThrownBy(() -> store.load())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("{t}:alerts")
                .hasMessageContaining("cluster.keyPrefix");
        try (var r = redis.client()) {
            assertThat(r.hget("{t}:alerts", "x")).isEqualTo("not ours");
            r.del("{t}:alerts");
            r.set("{t}:epoch", "e");
            r.set("{t}:alerts", "a string where a hash belongs");
        }
        assertThatThrownBy(() -> store.load())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("WRONGTYPE");
    }

    private AlertStore.Step step(long seq, Alert a) {
        return new AlertStore.Step(List.of(entry(seq, a)), NONE, 0);
    }

    private static JournalEntry entry(long seq, Alert a) {
        Change c = new Change.AlertChanged(a);
        return new JournalEntry(seq, T0, c, WireCodec.changeFrame(seq, c));
    }

    private static Alert firing(String fp, Instant expiresAt) {
        return Alert.firing(fp, "warning", Map.of("alertname", fp), Map.of(), "api", T0)
                .withExpiresAt(expiresAt);
    }
}
