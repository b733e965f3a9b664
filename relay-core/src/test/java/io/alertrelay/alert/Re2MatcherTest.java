package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import io.alertrelay.alert.Matcher.Op;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Matchers are RE2, as Alertmanager's: the same answers (anchoring, a missing label as "", {@code .} and a
 * newline), no backtracking whatever the pattern, what RE2 lacks refused by name, and programs too large to build
 * refused before they are built.
 */
class Re2MatcherTest {

    // ---- Alertmanager's semantics (Go's regexp, compiled as "^(?:" + value + ")$") ----

    @Test
    void dollarIsTheEndOfTheValueAndDotStopsAtANewlineAsInGo() {
        assertThat(Matcher.parse("x=~\"a$\"").matches("a")).isTrue();
        assertThat(Matcher.parse("x=~\"a$\"").matches("a\n"))
                .as("Go's $ is \\z without (?m)")
                .isFalse();
        assertThat(Matcher.parse("x=~\"a.b\"").matches("a\nb")).isFalse();
        assertThat(Matcher.parse("x=~\"(?s)a.b\"").matches("a\nb")).isTrue();
        assertThat(Matcher.parse("x=~\"(?m)a$\\nb\"").matches("a\nb")).isTrue();
    }

    @Test
    void classesAreGoOnesNotJavaOnes() {
        assertThat(Matcher.parse("x=~\"[[:alpha:]]+\"").matches("abc"))
                .as("POSIX classes, as in Go")
                .isTrue();
        assertThat(Matcher.parse("x=~\"[[:alpha:]]+\"").matches(":")).isFalse();
        assertThat(Matcher.parse("x=~\"\\s\"").matches("\u000B"))
                .as("Go's \\s has no vertical tab")
                .isFalse();
        assertThat(Matcher.parse("x=~\"\\d+\"").matches("٣"))
                .as("\\d is ASCII in Go")
                .isFalse();
        assertThat(Matcher.parse("x=~\"\\pL+\"").matches("é😀")).isFalse();
        assertThat(Matcher.parse("x=~\"\\pL+\"").matches("éa")).isTrue();
        assertThat(Matcher.parse("x=~\"(?P<n>a)|(?<m>b)\"").matches("b"))
                .as("named groups, both spellings")
                .isTrue();
        assertThat(Matcher.parse("x=~\"(?i)CRIT\"").matches("crit")).isTrue();
    }

    @Test
    void aMissingLabelIsTheEmptyStringForRegexesToo() {
        assertThat(Matcher.parse("x=~\"a*\"").matches(null)).isTrue();
        assertThat(Matcher.parse("x!~\"a*\"").matches(null)).isFalse();
        assertThat(Matcher.parse("x=~\"a|\"").matches(null)).isTrue();
    }

    @Test
    void theShapesThatBacktrackGiveTheRightAnswerAtOnce() {
        String as = "a".repeat(40) + "!";
        assertThat(Matcher.parse("x=~\"" + "(?:|)".repeat(200) + "a\"").matches(null))
                .isFalse();
        assertThat(Matcher.parse("x=~\"" + "(?:|)".repeat(200) + "a\"").matches("a"))
                .isTrue();
        assertThat(Matcher.parse("x=~\"" + "((|)|)".repeat(100) + "a\"").matches("a"))
                .isTrue();
        assertThat(Matcher.parse("x=~\"" + "(a|)*".repeat(30) + "b\"").matches(as))
                .isFalse();
        assertThat(Matcher.parse("x=~\"" + "(a|)*".repeat(30) + "b\"").matches("aaab"))
                .isTrue();
        assertThat(Matcher.parse("x=~\"(a*)*b\"").matches("a".repeat(10_000))).isFalse();
        assertThat(Matcher.parse("x=~\"(.*a){12}\"").matches(as)).isFalse();
        assertThat(Matcher.parse("x!~\"(.*a){12}\"").matches(as)).isTrue();
        assertThat(Matcher.parse("x=~\"(.*a){12}\"").matches("a".repeat(12))).isTrue();
        assertThat(Matcher.parse("x=~\"(A+)+B\"").matches("A".repeat(10_000))).isFalse();
        assertThat(Matcher.parse("x=~\"(A+)+B\"").matches("AAB")).isTrue();
        assertThat(Matcher.parse("x=~\"(a|b)*\"").matches("ab".repeat(50_000)))
                .as("no stack to overflow")
                .isTrue();
    }

    // ---- what RE2 does not have ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '#',
            value = {
                "x=~\"(a)\\1\"      # invalid escape sequence",
                "x=~\"a(?=b)\"      # invalid or unsupported Perl syntax",
                "x=~\"(?<!a)b\"     # invalid named capture",
                "x=~\"a++\"         # invalid nested repetition operator",
                "x=~\"a{1001}\"     # invalid repeat count",
            })
    void whatOnlyBacktrackingEnginesHaveIsRefusedSayingRe2IsTheSyntax(String text, String problem) {
        assertThatThrownBy(() -> Matcher.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("matcher '" + text + "': bad regex")
                .hasMessageContaining(problem)
                .hasMessageContaining("matchers use RE2 syntax, as Alertmanager does");
    }

    @Test
    void nestedCountedRepeatsAreRefusedBeforeTheyAreBuilt() {
        // compiled, this is a billion instructions: the compiler runs out of memory
        assertThatThrownBy(() -> Matcher.parse("x=~\"((a{1000}){1000}){1000}\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("would compile to more than 40000 RE2 instructions");
        assertThatThrownBy(() -> new Matcher("x", Op.RE, "(?:(?:(?:(?:(?:a{9}){9}){9}){9}){9}){9}"))
                .hasMessageContaining("nested counted repeats multiply");
        assertThat(Matcher.parse("x=~\"(a{100}){100}\"").programSize()).isGreaterThan(10_000);
    }

    @Test
    void theConfiguredProgramSizeIsCheckedByTheFrontDoors() {
        Matcher big = Matcher.parse("x=~\"" + ".*".repeat(600) + "\"");
        assertThat(big.programSize()).isGreaterThan(600);
        assertThat(big.requireProgramAtMost(2_000)).isSameAs(big);
        assertThatThrownBy(() -> big.requireProgramAtMost(500))
                .hasMessageStartingWith("matcher 'x=~\"")
                .hasMessageContaining("RE2 instructions, more than the 500 allowed (limits.maxRegexProgram");
        assertThatThrownBy(() -> AlertFilter.parse(List.of("a=b", "x=~\"a{200}\""), 100))
                .hasMessageContaining("matcher 'x=~\"a{200}\"'");
        assertThat(Matcher.parse("x=b").programSize()).isZero();
        assertThat(AlertFilter.parse(List.of("x=b", "y!=c")).regexWeight()).isZero();
        assertThat(AlertFilter.parse(List.of("x=b", "y=~c|d")).regexWeight()).isPositive();
    }

    // ---- deadlines ----

    @Test
    void aPassedDeadlineStopsRegexesButNotEqualities() {
        MatchDeadline passed = MatchDeadline.after(Duration.ofNanos(1));
        while (!passed.passed()) Thread.onSpinWait();
        assertThat(Matcher.parse("x=a").matches("a", passed)).isTrue();
        assertThat(Matcher.parse("x!=a").matches("a", passed)).isFalse();
        assertThatThrownBy(() -> Matcher.parse("x=~a").matches("a", passed)).isInstanceOf(MatchDeadline.Exceeded.class);
        assertThat(Matcher.parse("x=~a").matches("a", MatchDeadline.after(Duration.ofSeconds(10))))
                .isTrue();
    }

    @Test
    void aLongMatchStopsSoonAfterItsDeadline() {
        Matcher heavy = Matcher.parse("x=~\"" + ".*".repeat(480) + "b\"");
        String value = "a".repeat(1 << 20);
        long started = System.nanoTime();
        assertThatThrownBy(() -> heavy.matches(value, MatchDeadline.after(Duration.ofMillis(20))))
                .isInstanceOf(MatchDeadline.Exceeded.class);
        // unbounded, this match takes about ten seconds; generous for a loaded machine
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    }

    // ---- the size estimate is never below the real size ----

    private static final String[] TOKENS = {
        "a",
        "b",
        ".",
        "\\d",
        "[a-c]",
        "[^]x]",
        "\\Qa.b\\E",
        "(",
        ")",
        "(?:",
        "|",
        "*",
        "+",
        "?",
        "{2}",
        "{0,3}",
        "{2,}",
        "{12}",
        "\\pL",
        "\\x{41}",
        "[[:alpha:]]",
        "(?i)",
        "^",
        "$"
    };

    @Test
    void theSizeEstimateIsAnUpperBoundOfTheCompiledProgramOnRandomRegexes() {
        Random random = new Random(2027);
        int compiled = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder re = new StringBuilder();
            int n = 1 + random.nextInt(14);
            for (int j = 0; j < n; j++) re.append(TOKENS[random.nextInt(TOKENS.length)]);
            Pattern p;
            try {
                p = Pattern.compile(re.toString());
            } catch (RuntimeException e) {
                continue;
            }
            compiled++;
            assertThat(RegexSize.upperBound(re.toString()))
                    .as("estimate of %s", re)
                    .isGreaterThanOrEqualTo(p.programSize());
        }
        assertThat(compiled).as("random regexes that compiled").isGreaterThan(2_000);
    }
}
