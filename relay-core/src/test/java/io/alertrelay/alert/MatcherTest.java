package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import io.alertrelay.alert.Matcher.Op;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherTest {

    private static final String FORMS = "write name=value, name!=value, name=~regex or name!~regex";

    // ---- parsing ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '#',
            quoteCharacter = '`',
            value = {
                "env=prod               # env # EQ  # prod",
                "env!=prod              # env # NEQ # prod",
                "env=~prod|dev          # env # RE  # prod|dev",
                "env!~prod|dev          # env # NRE # prod|dev",
                "env=\"prod\"           # env # EQ  # prod",
                "env!=\"prod\"          # env # NEQ # prod",
                "env=~\"prod|dev\"      # env # RE  # prod|dev",
                "env!~\"prod|dev\"      # env # NRE # prod|dev",
                "env = \"prod\"         # env # EQ  # prod",
                "`  env  !~  \"a.*\"  ` # env # NRE # a.*",
                "_x1=v                  # _x1 # EQ  # v",
                "Env_2=~.*              # Env_2 # RE # .*",
            })
    void parsesEveryOperatorQuotedOrNotWithWhitespaceAroundIt(String text, String name, Op op, String value) {
        Matcher m = Matcher.parse(text);
        assertThat(m.name()).isEqualTo(name);
        assertThat(m.op()).isEqualTo(op);
        assertThat(m.value()).isEqualTo(value);
    }

    @Test
    void anEmptyValueMayBeQuotedOrBare() {
        assertThat(Matcher.parse("env=\"\"").value()).isEmpty();
        assertThat(Matcher.parse("env=").value()).isEmpty();
        assertThat(Matcher.parse("env!=  ").value()).isEmpty();
    }

    @Test
    void whitespaceInsideQuotesIsKept() {
        assertThat(Matcher.parse("env=\" prod \"").value()).isEqualTo(" prod ");
    }

    @Test
    void goStyleEscapesAreUnescapedInsideQuotes() {
        assertThat(Matcher.parse("msg=\"say \\\"hi\\\"\"").value()).isEqualTo("say \"hi\"");
        assertThat(Matcher.parse("path=\"C:\\\\tmp\"").value()).isEqualTo("C:\\tmp");
        assertThat(Matcher.parse("msg=\"a\\nb\"").value()).isEqualTo("a\nb");
    }

    @Test
    void otherBackslashesAreLiteralSoRegexClassesNeedNoDoubling() {
        Matcher m = Matcher.parse("code=~\"5\\d\\d\"");
        assertThat(m.value()).isEqualTo("5\\d\\d");
        assertThat(m.matches("503")).isTrue();
        assertThat(m.matches("5xx")).isFalse();
        assertThat(Matcher.parse("x=a\\").value())
                .as("a lone trailing backslash is literal")
                .isEqualTo("a\\");
    }

    @Test
    void commasAndOperatorsInsideTheValueAreJustText() {
        assertThat(Matcher.parse("q=\"a=b, c!=d\"").value()).isEqualTo("a=b, c!=d");
        assertThat(Matcher.parse("q==x").value()).isEqualTo("=x");
    }

    // ---- bad input ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '#',
            quoteCharacter = '`',
            value = {
                "``                  # it is empty",
                "`   `               # it is empty",
                "=prod               # no label name before the operator",
                "1env=prod           # label name '1env' is not valid, a label name is [a-zA-Z_][a-zA-Z0-9_]*",
                "env-x=prod          # label name 'env-x' is not valid",
                "a:b=c               # label name 'a:b' is not valid",
                "env                 # no operator (=, !=, =~ or !~) after label name 'env'",
                "env~prod            # no operator",
                "env ! = prod        # no operator",
                "env=\"prod          # opens a double quote but does not close it",
                "env=pr\"od          # unescaped double quote",
                "env=\"pr\"od\"      # unescaped double quote",
                "env=\"prod\" x      # unescaped double quote",
                "env=\"prod\\\"      # opens a double quote but does not close it",
                "env=~(              # bad regex '(': missing closing )",
                "env!~\"[a-\"        # bad regex '[a-'",
            })
    void badInputIsRefusedNamingTheTextWhatWasWrongAndTheAllowedForms(String text, String problem) {
        assertThatThrownBy(() -> Matcher.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("matcher '" + text + "': ")
                .hasMessageContaining(problem)
                .hasMessageEndingWith(FORMS);
    }

    @Test
    void nullTextIsRefusedWithTheAllowedForms() {
        assertThatThrownBy(() -> Matcher.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null")
                .hasMessageEndingWith(FORMS);
    }

    @Test
    void theConstructorValidatesLikeParse() {
        assertThatThrownBy(() -> new Matcher("1x", Op.EQ, "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label name '1x' is not valid");
        assertThatThrownBy(() -> new Matcher("x", Op.RE, "("))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad regex '('");
        assertThatThrownBy(() -> new Matcher("x", null, "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no operator");
        assertThatThrownBy(() -> new Matcher("x", Op.EQ, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no value");
    }

    @Test
    void thePatternIsAlwaysTheCompiledValueWhateverIsPassedIn() {
        assertThat(new Matcher("x", Op.RE, "a", Pattern.compile("b")).pattern().pattern())
                .isEqualTo("a");
        assertThat(new Matcher("x", Op.RE, "a", Pattern.compile("a", Pattern.CASE_INSENSITIVE)).matches("A"))
                .isFalse();
        assertThat(new Matcher("x", Op.EQ, "a", Pattern.compile("a")).pattern()).isNull();
        assertThat(new Matcher("x", Op.NRE, "a.c").pattern().pattern()).isEqualTo("a.c");
    }

    // ---- matching ----

    @Test
    void regexesAreFullyAnchoredLikePromql() {
        Matcher crit = Matcher.parse("severity=~crit");
        assertThat(crit.matches("crit")).isTrue();
        assertThat(crit.matches("critical")).isFalse();
        assertThat(crit.matches("xcrit")).isFalse();

        Matcher either = Matcher.parse("severity=~\"critical|warning\"");
        assertThat(either.matches("critical")).isTrue();
        assertThat(either.matches("warning")).isTrue();
        assertThat(either.matches("xcritical")).isFalse();
        assertThat(either.matches("warningx")).isFalse();
        assertThat(either.matches("critical|warning")).isFalse();

        assertThat(crit.matches("crit\n"))
                .as("the end anchor is the end of the value, as in Go")
                .isFalse();
        assertThat(Matcher.parse("severity!~crit").matches("critical")).isTrue();
        assertThat(Matcher.parse("severity=~crit.*").matches("critical")).isTrue();
    }

    @Test
    void dotDoesNotMatchANewlineAsInAlertmanager() {
        assertThat(Matcher.parse("msg=~\".*\"").matches("a\nb")).isFalse();
        assertThat(Matcher.parse("msg=~\"(?s).*\"").matches("a\nb")).isTrue();
    }

    @Test
    void aMissingLabelMatchesAsTheEmptyString() {
        assertThat(Matcher.parse("foo=\"\"").matches(null))
                .as("foo=\"\" matches absent")
                .isTrue();
        assertThat(Matcher.parse("foo!=\"\"").matches(null))
                .as("foo!=\"\" requires presence")
                .isFalse();
        assertThat(Matcher.parse("foo!=\"\"").matches("x")).isTrue();
        assertThat(Matcher.parse("foo=bar").matches(null)).isFalse();
        assertThat(Matcher.parse("foo!=bar").matches(null)).isTrue();
        assertThat(Matcher.parse("foo=~\".*\"").matches(null)).isTrue();
        assertThat(Matcher.parse("foo=~\".+\"").matches(null)).isFalse();
        assertThat(Matcher.parse("foo!~\".+\"").matches(null)).isTrue();
        assertThat(Matcher.parse("foo=\"\"").matches("")).isTrue();
    }

    @Test
    void equalityIsExactAndCaseSensitive() {
        Matcher m = Matcher.parse("env=prod");
        assertThat(m.matches("prod")).isTrue();
        assertThat(m.matches("Prod")).isFalse();
        assertThat(m.matches("prod ")).isFalse();
        assertThat(m.matches("production")).isFalse();
    }

    // ---- text form and identity ----

    @Test
    void toStringIsTheCanonicalQuotedEscapedForm() {
        assertThat(Matcher.parse("env = prod").toString()).isEqualTo("env=\"prod\"");
        assertThat(Matcher.parse("s=~critical|warning").toString()).isEqualTo("s=~\"critical|warning\"");
        assertThat(Matcher.parse("s!~x").toString()).isEqualTo("s!~\"x\"");
        assertThat(Matcher.parse("s!=").toString()).isEqualTo("s!=\"\"");
        assertThat(new Matcher("msg", Op.EQ, "say \"hi\"\n\\").toString()).isEqualTo("msg=\"say \\\"hi\\\"\\n\\\\\"");
    }

    @Test
    void equalsAndHashCodeAreByNameOpAndValueNotByPatternIdentity() {
        Matcher a = Matcher.parse("env=~\"prod|dev\"");
        Matcher b = Matcher.parse("  env =~ prod|dev ");
        assertThat(a.pattern()).isNotSameAs(b.pattern());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Matcher.parse("env!~\"prod|dev\""));
        assertThat(a).isNotEqualTo(Matcher.parse("env=~\"prod|de\""));
        assertThat(a).isNotEqualTo(Matcher.parse("nv=~\"prod|dev\""));
        assertThat(Matcher.parse("env=prod")).isEqualTo(new Matcher("env", Op.EQ, "prod"));
        assertThat(List.of(a)).contains(b);
    }

    // ---- properties ----

    private static final String VALUE_CHARS = "ab Z09\"\\\n\t=!~,{}.*|()[]é😀";

    private static String randomValue(Random random) {
        int[] cps = VALUE_CHARS.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) sb.appendCodePoint(cps[random.nextInt(cps.length)]);
        return sb.toString();
    }

    private static String randomName(Random random) {
        String first = "abcXYZ_";
        String rest = "abcXYZ_019";
        StringBuilder sb = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) sb.append(rest.charAt(random.nextInt(rest.length())));
        return sb.toString();
    }

    @Test
    void parseReadsBackWhatToStringWritesForRandomMatchers() {
        Random random = new Random(20261124);
        for (int i = 0; i < 5_000; i++) {
            Op op = Op.values()[random.nextInt(4)];
            String raw = randomValue(random);
            String value = op.regex() ? Pattern.quote(raw) : raw;
            Matcher m = new Matcher(randomName(random), op, value);
            Matcher back = Matcher.parse(m.toString());
            assertThat(back).as("round trip of %s", m.toString()).isEqualTo(m);
            assertThat(back.value()).isEqualTo(m.value());
            assertThat(back.toString()).isEqualTo(m.toString());
        }
    }

    @Test
    void negatedOperatorsAreExactComplementsOnRandomInputsIncludingMissingLabels() {
        Random random = new Random(99);
        String[] regexes = {"a.*", "a|b", "", ".*", ".+", "[ab]+", "\\d+", "a?b*", "(?i)ab"};
        for (int i = 0; i < 5_000; i++) {
            String v = random.nextInt(10) == 0 ? null : randomValue(random);
            String eqValue = randomValue(random);
            String re = regexes[random.nextInt(regexes.length)];
            boolean eq = new Matcher("l", Op.EQ, eqValue).matches(v);
            assertThat(new Matcher("l", Op.NEQ, eqValue).matches(v)).isEqualTo(!eq);
            assertThat(eq).isEqualTo((v == null ? "" : v).equals(eqValue));
            boolean rm = new Matcher("l", Op.RE, re).matches(v);
            assertThat(new Matcher("l", Op.NRE, re).matches(v)).isEqualTo(!rm);
            // \A...\z, not ^...$: Java's $ also matches before a final newline, Go's (and ours) does not
            // what the matcher did with java.util.regex, for these ordinary patterns
            assertThat(rm)
                    .isEqualTo(java.util.regex.Pattern.compile("\\A(?:" + re + ")\\z")
                            .matcher(v == null ? "" : v)
                            .find());
        }
    }

    @Test
    void aQuotedRegexMatchesExactlyItsLiteralAndNothingAroundIt() {
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            String literal = randomValue(random);
            Matcher m = new Matcher("l", Op.RE, Pattern.quote(literal));
            assertThat(m.matches(literal)).isTrue();
            assertThat(m.matches(literal + "x")).isFalse();
            assertThat(m.matches("x" + literal)).isFalse();
        }
    }
}
