package io.alertrelay.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.alert.PostableAlert;
import io.alertrelay.plugin.api.CountRule;
import io.alertrelay.plugin.api.Labels;
import io.alertrelay.plugin.api.Match;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountRuleTest {

    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    static RuleEngine engine(int count, Duration window) {
        RuleEngine e = new RuleEngine();
        e.setRules(
                "logs",
                List.of(new CountRule(
                        "SshBruteForce",
                        "SshBruteForce",
                        count,
                        window,
                        Duration.ofMinutes(10),
                        "warning",
                        Map.of("service", "sshd"),
                        Map.of("summary", "{{ $value }} failed logins from {{ $labels.ip }}"),
                        true)));
        return e;
    }

    static List<PostableAlert> match(RuleEngine e, String ip, int second) {
        return e.evaluate(
                "logs",
                new Match(
                        "SshBruteForce",
                        Labels.of("ip", ip),
                        "Failed password for root from " + ip,
                        T0.plusSeconds(second)));
    }

    @Test
    void firesAtTheCountWithinTheWindowAndNotBefore() {
        RuleEngine e = engine(5, Duration.ofMinutes(1));
        for (int i = 0; i < 4; i++) assertThat(match(e, "10.0.0.9", i * 5)).isEmpty();
        List<PostableAlert> fired = match(e, "10.0.0.9", 25);
        assertThat(fired).hasSize(1);
        PostableAlert a = fired.get(0);
        assertThat(a.labels())
                .containsEntry("alertname", "SshBruteForce")
                .containsEntry("ip", "10.0.0.9")
                .containsEntry("service", "sshd")
                .containsEntry("severity", "warning");
        assertThat(a.annotations()).containsEntry("summary", "5 failed logins from 10.0.0.9");
        assertThat(a.endsAt())
                .isEqualTo(T0.plusSeconds(25).plus(Duration.ofMinutes(10)).plus(Resolution.SAFETY_MARGIN));
    }

    @Test
    void withoutASummaryOfItsOwnTheLineThatFiredIsTheSummary() {
        RuleEngine once = new RuleEngine();
        once.setRules(
                "logs",
                List.of(new CountRule("KernelOomKill", "KernelOomKill", 1, null, null, "critical", null, null, true)));
        String line = "kernel: Out of memory: Killed process 4242 (java)";
        PostableAlert a = once.evaluate("logs", new Match("KernelOomKill", Map.of(), line, T0))
                .get(0);
        assertThat(a.annotations())
                .containsEntry("summary", "KernelOomKill: " + line)
                .containsEntry("example", line);

        RuleEngine five = new RuleEngine();
        five.setRules(
                "logs",
                List.of(new CountRule(
                        "SshBruteForce", "SshBruteForce", 5, Duration.ofMinutes(1), null, null, null, null, true)));
        List<PostableAlert> out = List.of();
        for (int i = 0; i < 5; i++) {
            out = five.evaluate("logs", new Match("SshBruteForce", Map.of(), "failure " + i, T0.plusSeconds(i)));
        }
        assertThat(out.get(0).annotations())
                .containsEntry("summary", "SshBruteForce: 5 or more matches within 1m, e.g. failure 4");
    }

    @Test
    void aLongMatchTextIsCutNeverInsideASurrogatePair() {
        RuleEngine e = new RuleEngine();
        e.setRules("logs", List.of(new CountRule("X", "X", 1, null, null, null, null, null, true)));
        String text = "a".repeat(299) + "😀 and more";
        PostableAlert a = e.evaluate("logs", new Match("X", Map.of(), text, T0)).get(0);
        assertThat(a.annotations().get("example")).isEqualTo("a".repeat(299) + "…");
    }

    @Test
    void matchesSpreadWiderThanTheWindowNeverFire() {
        RuleEngine e = engine(3, Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) assertThat(match(e, "10.0.0.9", i * 40)).isEmpty();
    }

    @Test
    void eachFurtherMatchPushesTheEndOut() {
        RuleEngine e = engine(1, Duration.ZERO);
        assertThat(match(e, "1.2.3.4", 0).get(0).endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(11)));
        List<PostableAlert> again = match(e, "1.2.3.4", 300);
        assertThat(again.get(0).endsAt()).isEqualTo(T0.plusSeconds(300).plus(Duration.ofMinutes(11)));
        assertThat(again.get(0).startsAt()).isEqualTo(T0);
    }

    @Test
    void afterTheQuietTimeAMatchResolvesTheOldEpisodeAndStartsANewOne() {
        RuleEngine e = engine(1, Duration.ZERO);
        match(e, "1.2.3.4", 0);
        List<PostableAlert> later = match(e, "1.2.3.4", 3600);
        assertThat(later).hasSize(2);
        assertThat(later.get(0).endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(later.get(1).startsAt()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void theTickResolvesAfterTheQuietTimeWithNeutralText() {
        RuleEngine e = engine(1, Duration.ZERO);
        match(e, "1.2.3.4", 0);
        assertThat(e.tick(T0.plusSeconds(599))).isEmpty();
        PostableAlert resolved = e.tick(T0.plusSeconds(600)).get("logs").get(0);
        assertThat(resolved.endsAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(resolved.annotations())
                .containsEntry("summary", "SshBruteForce: resolved, no match for 10m")
                .containsEntry(Resolution.REASON, "no match of SshBruteForce for 10m (resolveAfter)");
        assertThat(e.tick(T0.plusSeconds(700))).isEmpty();
    }

    @Test
    void differentLabelSetsAreCountedApart() {
        RuleEngine e = engine(2, Duration.ofMinutes(1));
        assertThat(match(e, "a", 0)).isEmpty();
        assertThat(match(e, "b", 1)).isEmpty();
        assertThat(match(e, "a", 2)).hasSize(1);
    }
}
