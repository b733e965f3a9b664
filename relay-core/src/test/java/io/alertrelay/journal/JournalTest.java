package io.alertrelay.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Change;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalTest {

    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    static JournalEntry entry(long seq, Instant at) {
        Alert a = Alert.firing("fp" + seq, "warning", Map.of("alertname", "A" + seq), Map.of(), "test", at)
                .withExpiresAt(at.plusSeconds(300));
        return new JournalEntry(seq, at, new Change.AlertChanged(a), ByteBuffer.allocate(0));
    }

    static Journal filled(int maxEntries, int count) {
        Journal j = new Journal("e1", 0, maxEntries, Duration.ofHours(1));
        for (int i = 1; i <= count; i++) j.append(entry(j.nextSeq(), T0.plusSeconds(i)));
        return j;
    }

    @Test
    void seqIsGapFreeAndAppendRefusesAnythingElse() {
        Journal j = filled(10, 3);
        assertThat(j.latestSeq()).isEqualTo(3);
        assertThatThrownBy(() -> j.append(entry(5, T0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be 4");
    }

    @Test
    void afterReturnsExactlyTheMissedEntriesInOrder() {
        Journal j = filled(10, 5);
        assertThat(j.after(2).orElseThrow()).extracting(JournalEntry::seq).containsExactly(3L, 4L, 5L);
        assertThat(j.after(5).orElseThrow()).isEmpty();
        assertThat(j.after(0).orElseThrow()).hasSize(5);
    }

    @Test
    void retentionByCountDropsTheOldestAndResumeBeforeThemIsRefused() {
        Journal j = filled(3, 6);
        assertThat(j.size()).isEqualTo(3);
        assertThat(j.oldestSeq()).isEqualTo(4);
        assertThat(j.after(3)).isPresent();
        assertThat(j.after(2)).isEmpty();
    }

    @Test
    void retentionByAgeDropsEntriesOlderThanMaxAge() {
        Journal j = new Journal("e1", 0, 100, Duration.ofMinutes(10));
        j.append(entry(1, T0));
        j.append(entry(2, T0.plus(Duration.ofMinutes(5))));
        j.trim(T0.plus(Duration.ofMinutes(12)));
        assertThat(j.oldestSeq()).isEqualTo(2);
        j.trim(T0.plus(Duration.ofMinutes(20)));
        assertThat(j.size()).isZero();
        assertThat(j.oldestSeq()).isEqualTo(3);
        assertThat(j.after(2).orElseThrow()).isEmpty();
        assertThat(j.after(1)).isEmpty();
    }

    @Test
    void aSeqThisEpochNeverReachedCannotBeResumed() {
        assertThat(filled(10, 2).after(7)).isEmpty();
    }

    @Test
    void aJournalCanContinueAnEpochFromAKnownSeq() {
        Journal j = new Journal("e1", 41, 10, Duration.ofHours(1));
        assertThat(j.nextSeq()).isEqualTo(42);
        assertThat(j.after(41).orElseThrow()).isEmpty();
        assertThat(j.after(40)).isEmpty();
    }
}
