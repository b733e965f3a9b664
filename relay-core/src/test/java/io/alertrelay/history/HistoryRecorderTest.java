package io.alertrelay.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.alert.AlertFilter;
import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.Fingerprint;
import io.alertrelay.alert.Matcher;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.alert.SilenceRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recorder, fed with the changes a real {@link AlertState} makes, on a clock the test moves. */
class HistoryRecorderTest {

    static final Instant T0 = Instant.parse("2026-11-24T21:00:00Z");
    static final Map<String, String> DISK =
            Map.of("alertname", "HostOutOfDiskSpace", "instance", "vps-01", "severity", "critical");
    static final Map<String, String> CPU = Map.of("alertname", "HostHighCpu", "instance", "vps-02");

    final AlertState state = new AlertState(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1));
    final HistoryRecorder history = new HistoryRecorder(3);

    static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    void feed(List<Change> changes) {
        changes.forEach(history);
    }

    void fire(Map<String, String> labels, int second) {
        feed(state.ingest(
                new PostableAlert(labels, Map.of("summary", "it broke"), null, null, null), "test", at(second)));
    }

    void resolve(Map<String, String> labels, int second) {
        feed(state.ingest(new PostableAlert(labels, Map.of(), null, at(second), null), "test", at(second)));
    }

    @Test
    void aFiringAlertIsNotHistoryUntilItResolves() {
        fire(DISK, 0);
        assertThat(history.recent(10, AlertFilter.ALL)).isEmpty();
        resolve(DISK, 60);
        List<HistoryEntry> recent = history.recent(10, AlertFilter.ALL);
        assertThat(recent).hasSize(1);
        HistoryEntry h = recent.get(0);
        assertThat(h.firedAt()).isEqualTo(at(0));
        assertThat(h.resolvedAt()).isEqualTo(at(60));
        assertThat(h.severity()).isEqualTo("critical");
        assertThat(h.annotations()).containsEntry("summary", "it broke");
        assertThat(h.events()).extracting(HistoryEvent::type).containsExactly("fired", "resolved");
    }

    @Test
    void acksUnacksAndSilencesAreKeptInOrderWithWhoAndWhy() {
        fire(DISK, 0);
        String fp = Fingerprint.of(DISK);
        feed(state.ack(fp, "alice", "looking", at(10)));
        feed(state.unack(fp, at(20)));
        feed(state.ack(fp, "bob", "cleaning /var/log", at(30)));
        feed(state.addSilence(
                new SilenceRequest(List.of(Matcher.parse("instance=vps-01")), null, at(3600), "bob", null, ""),
                at(40)));
        resolve(DISK, 90);

        HistoryEntry h = history.recent(10, AlertFilter.ALL).get(0);
        assertThat(h.events())
                .extracting(HistoryEvent::type)
                .containsExactly("fired", "acked", "unacked", "acked", "silenced", "resolved");
        assertThat(h.events().get(3)).isEqualTo(new HistoryEvent(at(30), "acked", "bob", "cleaning /var/log"));
        assertThat(h.ack().by()).isEqualTo("bob");
        assertThat(h.events().get(4).at()).isEqualTo(at(40));
    }

    @Test
    void aSecondEpisodeOfTheSameAlertIsASeparateEntryNewestFirst() {
        fire(DISK, 0);
        feed(state.ack(Fingerprint.of(DISK), "alice", "", at(5)));
        resolve(DISK, 60);
        fire(DISK, 120);
        resolve(DISK, 180);
        List<HistoryEntry> recent = history.recent(10, AlertFilter.ALL);
        assertThat(recent).extracting(HistoryEntry::firedAt).containsExactly(at(120), at(0));
        assertThat(recent.get(0).ack())
                .as("acks do not carry over to a new episode")
                .isNull();
        assertThat(recent.get(1).ack().by()).isEqualTo("alice");
    }

    @Test
    void theOldestEntriesGoWhenCapacityIsReached() {
        for (int i = 0; i < 5; i++) {
            Map<String, String> labels = Map.of("alertname", "A" + i);
            fire(labels, i * 10);
            resolve(labels, i * 10 + 5);
        }
        assertThat(history.recent(10, AlertFilter.ALL))
                .extracting(h -> h.labels().get("alertname"))
                .containsExactly("A4", "A3", "A2");
    }

    @Test
    void limitAndFilterApplyAndSeverityFallsBackToTheDefault() {
        fire(DISK, 0);
        resolve(DISK, 10);
        fire(CPU, 20);
        resolve(CPU, 30);
        assertThat(history.recent(1, AlertFilter.ALL)).hasSize(1);
        assertThat(history.recent(10, AlertFilter.parse(List.of("severity=warning"))))
                .extracting(HistoryEntry::fingerprint)
                .containsExactly(Fingerprint.of(CPU));
        assertThat(history.recent(10, AlertFilter.parse(List.of("instance=vps-01"))))
                .extracting(HistoryEntry::fingerprint)
                .containsExactly(Fingerprint.of(DISK));
    }

    @Test
    void aLongEpisodeKeepsItsFirstAndLatestEventsAndCountsTheRest() {
        fire(DISK, 0);
        String fp = Fingerprint.of(DISK);
        for (int i = 1; i <= 40; i++) feed(state.ack(fp, "user" + i, "", at(i)));
        resolve(DISK, 100);
        HistoryEntry h = history.recent(1, AlertFilter.ALL).get(0);
        assertThat(h.events()).hasSize(HistoryRecorder.MAX_EVENTS);
        assertThat(h.events().get(0).type()).isEqualTo("fired");
        assertThat(h.events().get(h.events().size() - 1).type()).isEqualTo("resolved");
        assertThat(h.events().get(h.events().size() - 2).by()).isEqualTo("user40");
        assertThat(h.eventsDropped()).isEqualTo(1 + 40 + 1 - HistoryRecorder.MAX_EVENTS);
    }
}
