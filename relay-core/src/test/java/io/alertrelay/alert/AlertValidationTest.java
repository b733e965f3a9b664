package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertValidationTest {

    private static final Instant T0 = Instant.parse("2026-11-24T21:00:00Z");

    private static PostableAlert alert(Map<String, String> labels, Instant startsAt, Instant endsAt) {
        return new PostableAlert(labels, Map.of("summary", "s"), startsAt, endsAt, null);
    }

    @Test
    void aWellFormedAlertHasNoProblem() {
        assertThat(AlertValidation.problem(alert(Map.of("alertname", "X", "_env", "prod", "a1", "v"), T0, null)))
                .isEmpty();
    }

    @Test
    void anAlertWithoutLabelsIsRefusedSayingWhatItNeeds() {
        assertThat(AlertValidation.problem(alert(Map.of(), null, null)))
                .contains("has no labels: an alert needs at least one label, usually alertname");
    }

    @Test
    void aNullAlertIsRefusedAsHavingNoLabels() {
        assertThat(AlertValidation.problem(null))
                .hasValueSatisfying(p -> assertThat(p).startsWith("has no labels"));
    }

    @Test
    void anInvalidLabelNameIsNamedWithTheAllowedForm() {
        assertThat(AlertValidation.problem(alert(Map.of("alertname", "X", "env-name", "prod"), null, null)))
                .hasValueSatisfying(p -> assertThat(p).contains("'env-name'").contains("[a-zA-Z_][a-zA-Z0-9_]*"));
        assertThat(AlertValidation.problem(alert(Map.of("1abc", "v"), null, null)))
                .isPresent();
        assertThat(AlertValidation.problem(alert(Map.of("", "v"), null, null))).isPresent();
        assertThat(AlertValidation.problem(alert(Map.of("a:b", "v"), null, null)))
                .isPresent();
    }

    @Test
    void anEmptyLabelValueNamesTheLabelAndSaysToDropIt() {
        assertThat(AlertValidation.problem(alert(Map.of("alertname", "X", "env", ""), null, null)))
                .hasValueSatisfying(
                        p -> assertThat(p).contains("'env'").contains("empty value: drop the label instead"));
    }

    @Test
    void startsAtAfterEndsAtIsRefusedNamingBothTimes() {
        Instant later = T0.plusSeconds(60);
        assertThat(AlertValidation.problem(alert(Map.of("alertname", "X"), later, T0)))
                .hasValueSatisfying(
                        p -> assertThat(p).contains("startsAt " + later).contains("after endsAt " + T0));
    }

    @Test
    void startsAtEqualToEndsAtOrOnlyOneOfThemIsFine() {
        assertThat(AlertValidation.problem(alert(Map.of("alertname", "X"), T0, T0)))
                .isEmpty();
        assertThat(AlertValidation.problem(alert(Map.of("alertname", "X"), T0, null)))
                .isEmpty();
        assertThat(AlertValidation.problem(alert(Map.of("alertname", "X"), null, T0)))
                .isEmpty();
    }

    @Test
    void aLoneSurrogateInALabelValueIsRefusedNamingTheLabelAndWhere() {
        assertThat(AlertValidation.problem(alert(Map.of("alertname", "X", "x", "abc\ud800"), null, null)))
                .hasValueSatisfying(p -> assertThat(p)
                        .startsWith("has label 'x' whose value is not valid Unicode"
                                + " (a lone surrogate \\ud800 at character 3, counting from 0)")
                        .contains("U+FFFD"));
        assertThat(AlertValidation.problem(alert(Map.of("alertname", "\udbff"), null, null)))
                .hasValueSatisfying(
                        p -> assertThat(p).contains("label 'alertname'").contains("\\udbff at character 0"));
        assertThat(AlertValidation.problem(alert(Map.of("alertname", "X", "a\udbff", "v"), null, null)))
                .hasValueSatisfying(p -> assertThat(p)
                        .startsWith("has a label name that is not valid Unicode (a lone"
                                + " surrogate \\udbff at character 1, counting from 0)"));
        assertThat(AlertValidation.problem(alert(Map.of("alertname", "X", "x", "?"), null, null)))
                .isEmpty();
        assertThat(AlertValidation.problem(alert(Map.of("alertname", "X", "x", "😀 \ud83d\ude00"), null, null)))
                .as("pairs are characters")
                .isEmpty();
    }

    @Test
    void aLoneSurrogateInAnAnnotationIsRefusedToo() {
        PostableAlert a =
                new PostableAlert(Map.of("alertname", "X"), Map.of("summary", "cut short \ud83d"), null, null, null);
        assertThat(AlertValidation.problem(a))
                .hasValueSatisfying(p -> assertThat(p)
                        .startsWith(
                                "has annotation 'summary' whose value is not valid Unicode (a lone surrogate \\ud83d at"
                                        + " character 10, counting from 0)"));
        PostableAlert name = new PostableAlert(Map.of("alertname", "X"), Map.of("a\udc00", "v"), null, null, null);
        assertThat(AlertValidation.problem(name))
                .hasValueSatisfying(p -> assertThat(p)
                        .startsWith("has an annotation name that is not valid Unicode (a lone surrogate \\udc00 at"
                                + " character 1"));
    }

    @Test
    void theFirstProblemInLabelNameOrderIsReportedSoTheAnswerIsStable() {
        PostableAlert twoBad = alert(Map.of("zeta", "", "beta", "", "alertname", "X"), null, null);
        for (int i = 0; i < 10; i++) {
            assertThat(AlertValidation.problem(twoBad))
                    .hasValueSatisfying(p -> assertThat(p).contains("'beta'"));
        }
    }
}
