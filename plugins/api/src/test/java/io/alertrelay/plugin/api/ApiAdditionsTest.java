package io.alertrelay.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What API 1.2 added, at its edges: count-rule builder defaults, reasons, typed tags. */
class ApiAdditionsTest {

    @Test
    void theCountRuleBuilderHasTheConstructorsDefaults() {
        CountRule built = CountRule.builder("Oom", "oom").build();
        assertThat(built).isEqualTo(new CountRule("Oom", "oom", 1, null, null, null, null, null, true));
        CountRule three = CountRule.builder("Oom", "oom")
                .count(3)
                .within(Duration.ofMinutes(10))
                .resolveAfter(Duration.ofMinutes(30))
                .severity("critical")
                .annotation("summary", "{{ $value }} OOM kills")
                .disabled()
                .build();
        assertThat(three.count()).isEqualTo(3);
        assertThat(three.window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(three.resolveAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(three.enabled()).isFalse();
        assertThatThrownBy(() -> CountRule.builder("Oom", "oom").count(0)).hasMessageContaining("at least 1");
    }

    @Test
    void aReasonIsKeptUpToItsLimitAndIsNotPartOfEquality() {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        Sample s = Sample.of("probe.up", 0, t, "target", "web");
        assertThat(s.reason()).isNull();
        assertThat(s.withReason("refused").reason()).isEqualTo("refused");
        assertThat(new Sample("m", 1, Map.of(), t)).isEqualTo(new Sample("m", 1, null, t, null));
        String longWhy = "x".repeat(5_000);
        assertThat(s.withReason(longWhy).reason())
                .hasSize(Sample.MAX_REASON_CHARS)
                .endsWith("\u2026");
    }

    @Test
    void tagsAreNamesAndValues() {
        Tags t = Tags.of("target", "web").and("kind", "tls");
        assertThat(t.pairs()).containsExactly("target", "web", "kind", "tls");
        assertThat(Tags.of("a", "1", "a", "2").values()).containsExactly(Map.entry("a", "2"));
        assertThatThrownBy(() -> Tags.of("1st", "x")).hasMessageContaining("letters, digits and _");
        assertThatThrownBy(() -> Tags.of("ok", null)).hasMessageContaining("has no value");
    }
}
