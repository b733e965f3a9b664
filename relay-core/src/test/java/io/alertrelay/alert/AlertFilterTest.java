package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertFilterTest {

    private static final Instant T0 = Instant.parse("2026-11-24T21:00:00Z");

    private static Alert alert(Map<String, String> labels) {
        String severity = labels.getOrDefault("severity", "warning");
        return Alert.firing(Fingerprint.of(labels), severity, labels, Map.of(), "test", T0)
                .withExpiresAt(T0.plusSeconds(300));
    }

    @Test
    void nullOrNoMatchersMatchEveryAlert() {
        assertThat(AlertFilter.parse(null)).isSameAs(AlertFilter.ALL);
        assertThat(AlertFilter.parse(List.of())).isSameAs(AlertFilter.ALL);
        assertThat(AlertFilter.ALL.all()).isTrue();
        assertThat(AlertFilter.ALL.matches(alert(Map.of("alertname", "X")))).isTrue();
        assertThat(AlertFilter.ALL.matches(Map.of())).isTrue();
        assertThat(new AlertFilter(null).matches(Map.of("a", "b"))).isTrue();
    }

    @Test
    void everyMatcherMustMatch() {
        AlertFilter f = AlertFilter.parse(List.of("env=prod", "alertname=~Host.*"));
        assertThat(f.all()).isFalse();
        assertThat(f.matches(alert(Map.of("alertname", "HostDown", "env", "prod"))))
                .isTrue();
        assertThat(f.matches(alert(Map.of("alertname", "HostDown", "env", "dev"))))
                .isFalse();
        assertThat(f.matches(alert(Map.of("alertname", "DiskFull", "env", "prod"))))
                .isFalse();
    }

    @Test
    void severityFallsBackToTheAlertsDefaultedSeverityForSubscribers() {
        Alert noSeverityLabel = alert(Map.of("alertname", "X"));
        AlertFilter warnings = AlertFilter.parse(List.of("severity=~\"critical|warning\""));
        assertThat(warnings.matches(noSeverityLabel)).isTrue();
        assertThat(AlertFilter.parse(List.of("severity=\"\"")).matches(noSeverityLabel))
                .isFalse();
        assertThat(AlertFilter.parse(List.of("severity=critical")).matches(noSeverityLabel))
                .isFalse();
    }

    @Test
    void aSeverityLabelWinsOverTheFallback() {
        Alert critical = alert(Map.of("alertname", "X", "severity", "critical"));
        assertThat(AlertFilter.parse(List.of("severity=critical")).matches(critical))
                .isTrue();
        assertThat(AlertFilter.parse(List.of("severity=warning")).matches(critical))
                .isFalse();
    }

    @Test
    void onlySeverityFallsBackOtherMissingLabelsAreEmpty() {
        Alert a = alert(Map.of("alertname", "X"));
        assertThat(AlertFilter.parse(List.of("source=test")).matches(a)).isFalse();
        assertThat(AlertFilter.parse(List.of("env=\"\"")).matches(a)).isTrue();
    }

    @Test
    void labelMatchingForSilencesHasNoSeverityFallback() {
        AlertFilter warnings = AlertFilter.parse(List.of("severity=warning"));
        assertThat(warnings.matches(Map.of("alertname", "X"))).isFalse();
        assertThat(warnings.matches(Map.of("alertname", "X", "severity", "warning")))
                .isTrue();
        assertThat(AlertFilter.parse(List.of("severity=\"\"")).matches(Map.of("alertname", "X")))
                .isTrue();
    }

    @Test
    void aBadMatcherTextFailsTheWholeFilterNamingThatText() {
        assertThatThrownBy(() -> AlertFilter.parse(List.of("env=prod", "sev=~(")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("matcher 'sev=~('");
    }

    @Test
    void theMatcherListIsCopiedAndUnmodifiable() {
        List<Matcher> source = new ArrayList<>(List.of(Matcher.parse("a=b")));
        AlertFilter f = new AlertFilter(source);
        source.clear();
        assertThat(f.matchers()).hasSize(1);
        assertThatThrownBy(() -> f.matchers().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
