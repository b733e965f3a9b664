package io.alertrelay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertFilter;
import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.Matcher;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.alert.SilenceRequest;
import io.alertrelay.hub.Hub;
import io.alertrelay.hub.Subscriber;
import io.alertrelay.journal.Journal;
import io.alertrelay.pipeline.AlertPipeline;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change the store refuses is a change that never happened: memory, journal and subscribers stay as they
 * were, the refusal names the reason, and the next change goes through once the store takes writes again.
 * The store here is the real SQLite one, with its commits made to fail by a switch in front of it.
 */
class PipelineRollbackTest {

    @TempDir
    Path dataDir;

    /** The real store, with a switch in front that refuses commits like a full disk would. */
    static final class Switchable implements AlertStore {
        final SqliteAlertStore real;
        volatile boolean full;

        Switchable(SqliteAlertStore real) {
            this.real = real;
        }

        @Override
        public Loaded load() {
            return real.load();
        }

        @Override
        public boolean commit(Step step) {
            if (full) throw new StoreUnavailableException("the store cannot take writes: the disk is full", null);
            return real.commit(step);
        }

        @Override
        public boolean probe() {
            return !full && real.probe();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    static final class Recorder implements Subscriber {
        final List<ByteBuffer> frames = new ArrayList<>();

        @Override
        public AlertFilter filter() {
            return AlertFilter.ALL;
        }

        @Override
        public void deliver(ByteBuffer frame) {
            frames.add(frame);
        }
    }

    static PostableAlert firing(String name) {
        return new PostableAlert(Map.of("alertname", name), Map.of(), null, null, null);
    }

    @Test
    void aRefusedCommitLeavesStateJournalAndSubscribersUntouched() {
        Switchable store = new Switchable(SqliteAlertStore.open(dataDir, Database.Sync.NORMAL));
        AlertState state = new AlertState(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(1));
        AlertPipeline pipeline = new AlertPipeline(
                state,
                new Journal(store.real.epoch(), 0, 1000, Duration.ofHours(1)),
                new Hub(),
                Clock.systemUTC(),
                store);
        Recorder sub = new Recorder();
        pipeline.subscribe(sub, null);
        pipeline.ingest(List.of(firing("Kept")), "test");
        String fp = pipeline.alerts().get(0).fingerprint();
        int framesBefore = sub.frames.size();

        store.full = true;
        assertThatThrownBy(() -> pipeline.ingest(List.of(firing("Lost1"), firing("Lost2")), "test"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("disk is full");
        assertThatThrownBy(() -> pipeline.ack(fp, "op", "x")).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> pipeline.createSilence(new SilenceRequest(
                        List.of(Matcher.parse("alertname=Kept")),
                        null,
                        Instant.now().plusSeconds(60),
                        "op",
                        null,
                        "")))
                .isInstanceOf(StoreUnavailableException.class);

        assertThat(pipeline.alerts())
                .extracting(a -> a.labels().get("alertname"))
                .containsExactly("Kept");
        assertThat(pipeline.alerts().get(0).ack()).isNull();
        assertThat(pipeline.silences()).isEmpty();
        assertThat(pipeline.latestSeq()).isEqualTo(1);
        assertThat(sub.frames).hasSize(framesBefore);
        assertThat(pipeline.storeHealth().problem()).contains("disk is full");
        assertThat(pipeline.storeHealth().failedWrites()).isEqualTo(3);

        store.full = false;
        pipeline.tick(); // the probe notices the store is back
        assertThat(pipeline.storeHealth().problem()).isNull();
        pipeline.ingest(List.of(firing("After")), "test");
        assertThat(pipeline.latestSeq()).isEqualTo(2);
        assertThat(sub.frames).hasSize(framesBefore + 1);
        assertThat(store.real.load().alerts())
                .extracting(Alert::labels)
                .extracting(l -> l.get("alertname"))
                .containsExactlyInAnyOrder("Kept", "After");
        store.close();
    }

    @Test
    void aRefusedTickResolvesNothingAndTimedOutAlertsGetAFullTimeoutOnceWritesWorkAgain() {
        Switchable store = new Switchable(SqliteAlertStore.open(dataDir, Database.Sync.NORMAL));
        AlertState state = new AlertState(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO);
        Instant[] now = {Instant.parse("2026-11-29T10:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        AlertPipeline pipeline = new AlertPipeline(
                state, new Journal(store.real.epoch(), 0, 1000, Duration.ofHours(1)), new Hub(), clock, store);
        pipeline.ingest(List.of(firing("Times-out")), "test");

        now[0] = now[0].plus(Duration.ofMinutes(6));
        store.full = true;
        pipeline.tick(); // would resolve it: refused, so it stays firing
        assertThat(pipeline.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.firing()).isTrue());

        // while writes failed, its sender's re-sends were refused too: resolving it now would be a false resolve
        store.full = false;
        pipeline.tick();
        assertThat(pipeline.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.firing()).isTrue());

        now[0] = now[0].plus(Duration.ofMinutes(6)); // a full resolve timeout without a re-send
        pipeline.tick();
        assertThat(pipeline.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.firing()).isFalse());
        assertThat(store.real.load().alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.firing()).isFalse());
        store.close();
    }
}
