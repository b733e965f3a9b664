package io.alertrelay.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "30s, PT30S",
        "2m, PT2M",
        "24h, PT24H",
        "7d, PT168H",
        "30, PT30S",
        "0, PT0S",
        "0s, PT0S",
        "1h30m, PT1H30M",
        "1d2h3m4s5ms, PT26H3M4.005S",
        "90s, PT1M30S",
        "1500ms, PT1.5S"
    })
    void parsesEveryUnitCombinedPartsAndBareSeconds(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "", "s", "5x", "1.5s", "-1s", "-5", "30 s", "30S", " 30s", "30m1h", "1s1s", "1h 30m", "1hour", "ms5"
            })
    void rejectsAnythingElseNamingTheTextAndTheSyntax(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\" is not a duration")
                .hasMessageContaining("500ms, 30s, 2m, 24h, 7d");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsDurationsTooLongToHold() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> Durations.parse("999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
    }

    @ParameterizedTest
    @CsvSource({
        "PT0S, 0s",
        "PT0.5S, 500ms",
        "PT30S, 30s",
        "PT1M30S, 1m30s",
        "PT24H, 1d",
        "PT168H, 7d",
        "PT25H0.001S, 1d1h1ms",
        "PT-30S, -30s"
    })
    void formatsLargestUnitsFirst(Duration d, String expected) {
        assertThat(Durations.format(d)).isEqualTo(expected);
    }

    @Test
    void formatDropsPartsBelowAMillisecond() {
        assertThat(Durations.format(Duration.ofNanos(1_500_000))).isEqualTo("1ms");
    }

    @Test
    void formatThenParseGivesTheSameDurationForAnyWholeMillisecondCount() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long millis = switch (i % 3) {
                case 0 -> random.nextInt(100_000);
                case 1 -> random.nextLong(0, 1_000L * 86_400 * 365 * 100);
                default -> random.nextInt(1000) * 60_000L;
            };
            Duration d = Duration.ofMillis(millis);
            assertThat(Durations.parse(Durations.format(d)))
                    .as("%s -> %s", d, Durations.format(d))
                    .isEqualTo(d);
        }
    }
}
