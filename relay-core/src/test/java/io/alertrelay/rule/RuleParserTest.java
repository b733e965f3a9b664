package io.alertrelay.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.ThresholdRule;
import io.alertrelay.plugin.api.ThresholdRule.Direction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleParserTest {

    static final ThresholdRule SHIPPED = new ThresholdRule(
            "HostOutOfDiskSpace",
            "disk.used.ratio",
            Direction.ABOVE,
            0.85,
            0.95,
            0.80,
            Duration.ofMinutes(2),
            Map.of(),
            Map.of("summary", "Disk {{ $labels.mountpoint }} full"),
            true);

    static final ThresholdRule CERT = new ThresholdRule(
            "TlsCertExpiringSoon",
            "tls.cert.days.left",
            Direction.BELOW,
            14.0,
            3.0,
            21.0,
            Duration.ZERO,
            Map.of(),
            Map.of(),
            true);

    static PluginConfig config(Object... rules) {
        return new PluginConfig("plugins.host-metrics", Map.of("rules", List.of(rules)));
    }

    @Test
    void aConfigRuleOfTheSameNameOverridesOnlyWhatItSets() {
        List<RuleSpec> rules =
                RuleParser.merge(List.of(SHIPPED), config(Map.of("name", "HostOutOfDiskSpace", "warning", 0.9)));
        ThresholdRule r = (ThresholdRule) rules.get(0);
        assertThat(r.warning()).isEqualTo(0.9);
        assertThat(r.critical()).isEqualTo(0.95);
        assertThat(r.forDuration()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void anOverrideOfTheRaiseLevelMovesClearWithItKeepingTheGap() {
        ThresholdRule above = (ThresholdRule)
                RuleParser.merge(List.of(SHIPPED), config(Map.of("name", "HostOutOfDiskSpace", "warning", 0.9)))
                        .get(0);
        assertThat(above.clear()).isCloseTo(0.85, org.assertj.core.data.Offset.offset(1e-9));
        ThresholdRule below = (ThresholdRule)
                RuleParser.merge(List.of(CERT), config(Map.of("name", "TlsCertExpiringSoon", "warning", 30)))
                        .get(0);
        assertThat(below.clear()).isEqualTo(37.0);
        ThresholdRule explicit = (ThresholdRule) RuleParser.merge(
                        List.of(CERT), config(Map.of("name", "TlsCertExpiringSoon", "warning", 30, "clear", 45)))
                .get(0);
        assertThat(explicit.clear()).isEqualTo(45.0);
        ThresholdRule criticalOnly = (ThresholdRule)
                RuleParser.merge(List.of(CERT), config(Map.of("name", "TlsCertExpiringSoon", "critical", 7)))
                        .get(0);
        assertThat(criticalOnly.clear()).isEqualTo(21.0);
    }

    @Test
    void aClearOnTheWrongSideNamesTheDirectionAndTheFix() {
        assertThatThrownBy(() -> RuleParser.merge(
                        List.of(CERT), config(Map.of("name", "TlsCertExpiringSoon", "warning", 30, "clear", 21))))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("plugins.host-metrics.rules[0]: rule TlsCertExpiringSoon")
                .hasMessageContaining("fires at 30 or less (direction below)")
                .hasMessageContaining("clear must be at or above 30")
                .hasMessageContaining("set clear to 30 or more")
                .hasMessageContaining("e.g. warning 0.10, clear 0.15")
                .hasMessageNotContaining("0.85");
        assertThatThrownBy(() ->
                        RuleParser.merge(List.of(SHIPPED), config(Map.of("name", "HostOutOfDiskSpace", "clear", 0.9))))
                .hasMessageContaining("fires at 0.85 or more (direction above)")
                .hasMessageContaining("clear must be at or below 0.85")
                .hasMessageContaining("e.g. warning 0.85, clear 0.80");
    }

    @Test
    void levelsThatAreNotFiniteNumbersAreRefused() {
        assertThatThrownBy(() -> RuleParser.merge(
                        List.of(), config(Map.of("name", "X", "metric", "m", "warning", 0.8, "clear", "NaN"))))
                .hasMessageContaining("clear is NaN")
                .hasMessageContaining("never clear");
        assertThatThrownBy(() ->
                        RuleParser.merge(List.of(), config(Map.of("name", "X", "metric", "m", "warning", "Infinity"))))
                .hasMessageContaining("warning is Infinity");
    }

    @Test
    void criticalOnTheWrongSideOfWarningNamesTheDirection() {
        assertThatThrownBy(() ->
                        RuleParser.merge(List.of(CERT), config(Map.of("name", "TlsCertExpiringSoon", "critical", 20))))
                .hasMessageContaining("fires below its levels, so critical (20) must be at or below warning (14)");
    }

    @Test
    void resolvedAnnotationsAndStaleAfterAreRead() {
        ThresholdRule r = (ThresholdRule) RuleParser.merge(
                        List.of(SHIPPED),
                        config(Map.of(
                                "name",
                                "HostOutOfDiskSpace",
                                "resolvedAnnotations",
                                Map.of("summary", "{{ $labels.mountpoint }} ok"),
                                "staleAfter",
                                "10m")))
                .get(0);
        assertThat(r.resolvedAnnotations()).containsEntry("summary", "{{ $labels.mountpoint }} ok");
        assertThat(r.staleAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> RuleParser.merge(
                        List.of(SHIPPED),
                        config(Map.of(
                                "name",
                                "HostOutOfDiskSpace",
                                "resolvedAnnotations",
                                Map.of("summary", "{{ $valu }}")))))
                .hasMessageContaining("unknown template");
    }

    @Test
    void enabledFalseTurnsAShippedRuleOff() {
        List<RuleSpec> rules =
                RuleParser.merge(List.of(SHIPPED), config(Map.of("name", "HostOutOfDiskSpace", "enabled", false)));
        assertThat(rules.get(0).enabled()).isFalse();
    }

    @Test
    void newRulesAreAddedAndCountRulesAreRecognisedByPattern() {
        List<RuleSpec> rules = RuleParser.merge(
                List.of(SHIPPED),
                config(
                        Map.of("name", "Load", "metric", "load.per.core", "warning", 2, "clear", 1.5, "for", "5m"),
                        Map.of("name", "Oops", "pattern", "Oops", "threshold", Map.of("count", 3, "window", "1m"))));
        assertThat(rules).extracting(RuleSpec::name).containsExactly("HostOutOfDiskSpace", "Load", "Oops");
    }

    @Test
    void badRulesNameTheRuleAndTheProblem() {
        assertThatThrownBy(() -> RuleParser.merge(
                        List.of(), config(Map.of("name", "X", "metric", "m", "warning", 0.8, "clear", 0.9))))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("rule X")
                .hasMessageContaining("clear is 0.9");
        assertThatThrownBy(() -> RuleParser.merge(List.of(), config(Map.of("name", "X", "warning", 0.8))))
                .hasMessageContaining("metric is required");
        assertThatThrownBy(
                        () -> RuleParser.merge(List.of(), config(Map.of("name", "X", "metric", "m", "warnign", 0.8))))
                .hasMessageContaining("unknown key warnign");
        assertThatThrownBy(() -> RuleParser.merge(
                        List.of(),
                        config(Map.of(
                                "name",
                                "X",
                                "metric",
                                "m",
                                "warning",
                                0.8,
                                "annotations",
                                Map.of("summary", "{{ $valeu }}")))))
                .hasMessageContaining("unknown template expression");
        assertThatThrownBy(() ->
                        RuleParser.merge(List.of(), config(Map.of("name", "X", "metric", "m", "warning", "high"))))
                .hasMessageContaining("plugins.host-metrics.rules[0].warning");
        assertThatThrownBy(() ->
                        RuleParser.merge(List.of(), config(Map.of("name", "bad-name", "metric", "m", "warning", 1))))
                .hasMessageContaining("alertname");
    }
}
