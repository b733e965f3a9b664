package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A regex that backtracks catastrophically on some value stops at its read budget and holds for neither
 * {@code =~} nor {@code !~}; ordinary patterns are not affected, even on long values. (The timeouts below only
 * guard against a hang: without the budget these matches would run for hours.)
 */
class MatcherBudgetTest {

    // Java's engine memoises the textbook cases ((a+)+b, (a|aa)*c); nested unbounded repeats still blow up
    static final String EVIL_VALUE = "a".repeat(40) + "!";

    @Test
    void aCatastrophicRegexStopsAndHoldsForNeitherOp() {
        long before = Matcher.budgetExceeded();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThat(Matcher.parse("instance=~\"(.*a){12}\"").matches(EVIL_VALUE)).isFalse();
            assertThat(Matcher.parse("instance!~\"(.*a){12}\"").matches(EVIL_VALUE)).isFalse();
            assertThat(Matcher.parse("instance=~\"(.*a|.*b){20}x\"").matches(EVIL_VALUE)).isFalse();
        });
        assertThat(Matcher.budgetExceeded() - before).isEqualTo(3);
    }

    @Test
    void aRegexThatOverflowsTheStackOnALongValueHoldsForNeitherOp() {
        String longValue = "ab".repeat(50_000); // java.util.regex recurses once per repetition of (a|b)
        assertThat(Matcher.parse("x=~\"(a|b)*\"").matches(longValue)).isFalse();
        assertThat(Matcher.parse("x!~\"(a|b)*\"").matches(longValue)).isFalse();
        assertThat(Matcher.parse("x=~\"(a|b)*\"").matches("abab")).isTrue();
    }

    @Test
    void theSamePatternStillWorksWhereItDoesNotBacktrack() {
        assertThat(Matcher.parse("instance=~\"(.*a){12}\"").matches("a".repeat(12))).isTrue();
        assertThat(Matcher.parse("instance!~\"(.*a){12}\"").matches("a".repeat(11))).isTrue();
    }

    @Test
    void ordinaryPatternsOnLongValuesStayWithinTheBudget() {
        long before = Matcher.budgetExceeded();
        String longValue = "x".repeat(20_000) + "-prod";
        assertThat(Matcher.parse("env=~\".*-prod\"").matches(longValue)).isTrue();
        assertThat(Matcher.parse("env=~\"x+-(prod|staging)\"").matches(longValue)).isTrue();
        assertThat(Matcher.parse("env!~\".*dev.*\"").matches(longValue)).isTrue();
        assertThat(Matcher.parse("severity=~\"critical|warning\"").matches("warning")).isTrue();
        assertThat(Matcher.budgetExceeded()).isEqualTo(before);
    }
}
