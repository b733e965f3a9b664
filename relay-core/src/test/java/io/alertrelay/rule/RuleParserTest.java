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

    static final ThresholdRule SHIPPED = new ThresholdRule("HostOutOfDiskSpace", "disk.used.ratio", Direction.ABOVE,
            0.85, 0.95, 0.80, Duration.ofMinutes(2), Map.of(), Map.of("summary", "Disk {{ $labels.mountpoint }} full"), true);

    static PluginConfig config(Object... rules) {
        return new PluginConfig("plugins.host-metrics", Map.of("rules", List.of(rules)));
    }

    @Test
    void aConfigRuleOfTheSameNameOverridesOnlyWhatItSets() {
        List<RuleSpec> rules = RuleParser.merge(List.of(SHIPPED), config(Map.of("name", "HostOutOfDiskSpace", "warning", 0.9)));
        ThresholdRule r = (ThresholdRule) rules.get(0);
        assertThat(r.warning()).isEqualTo(0.9);
        assertThat(r.critical()).isEqualTo(0.95);
        assertThat(r.forDuration()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void enabledFalseTurnsAShippedRuleOff() {
        List<RuleSpec> rules = RuleParser.merge(List.of(SHIPPED), config(Map.of("name", "HostOutOfDiskSpace", "enabled", false)));
        assertThat(rules.get(0).enabled()).isFalse();
    }

    @Test
    void newRulesAreAddedAndCountRulesAreRecognisedByPattern() {
        List<RuleSpec> rules = RuleParser.merge(List.of(SHIPPED), config(
                Map.of("name", "Load", "metric", "load.per.core", "warning", 2, "clear", 1.5, "for", "5m"),
                Map.of("name", "Oops", "pattern", "Oops", "threshold", Map.of("count", 3, "window", "1m"))));
        assertThat(rules).extracting(RuleSpec::name).containsExactly("HostOutOfDiskSpace", "Load", "Oops");
    }

    @Test
    void badRulesNameTheRuleAndTheProblem() {
        assertThatThrownBy(() -> RuleParser.merge(List.of(), config(Map.of("name", "X", "metric", "m", "warning", 0.8, "clear", 0.9))))
                .isInstanceOf(RuleException.class).hasMessageContaining("rule X").hasMessageContaining("clear 0.9");
        assertThatThrownBy(() -> RuleParser.merge(List.of(), config(Map.of("name", "X", "warning", 0.8))))
                .hasMessageContaining("metric is required");
        assertThatThrownBy(() -> RuleParser.merge(List.of(), config(Map.of("name", "X", "metric", "m", "warnign", 0.8))))
                .hasMessageContaining("unknown key warnign");
        assertThatThrownBy(() -> RuleParser.merge(List.of(), config(Map.of("name", "X", "metric", "m", "warning", 0.8,
                "annotations", Map.of("summary", "{{ $valeu }}")))))
                .hasMessageContaining("unknown template expression");
        assertThatThrownBy(() -> RuleParser.merge(List.of(), config(Map.of("name", "X", "metric", "m", "warning", "high"))))
                .hasMessageContaining("plugins.host-metrics.rules[0].warning");
        assertThatThrownBy(() -> RuleParser.merge(List.of(), config(Map.of("name", "bad-name", "metric", "m", "warning", 1))))
                .hasMessageContaining("alertname");
    }
}
