package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    /** Go's test tables give uint64 decimals; the fingerprint prints them as %016x. */
    private static String hex(String unsignedDecimal) {
        return String.format("%016x", Long.parseUnsignedLong(unsignedDecimal));
    }

    // Expected values from prometheus/common model/signature_test.go (TestLabelsToSignature,
    // TestMetricToFingerprint and the BenchmarkMetricToFingerprint* functions, which pin labelSetToFingerprint,
    // the function behind model.LabelSet.Fingerprint()).

    @Test
    void emptyLabelSetHashesToTheFnvOffsetBasis() {
        assertThat(Fingerprint.of(Map.of()))
                .isEqualTo(hex("14695981039346656037"))
                .isEqualTo("cbf29ce484222325");
    }

    @Test
    void nullLabelsAreTheEmptySetAsGoTreatsANilMap() {
        assertThat(Fingerprint.of(null)).isEqualTo(Fingerprint.of(Map.of()));
    }

    @Test
    void twoLabelsMatchPrometheusCommon() {
        assertThat(Fingerprint.of(Map.of("name", "garland, briggs", "fear", "love is not enough")))
                .isEqualTo(hex("5799056148416392346"));
    }

    @Test
    void singleLabelMatchesPrometheusCommon() {
        assertThat(Fingerprint.of(Map.of("first-label", "first-label-value"))).isEqualTo(hex("5146282821936882169"));
    }

    @Test
    void doubleLabelMatchesPrometheusCommon() {
        assertThat(Fingerprint.of(Map.of(
                        "first-label", "first-label-value",
                        "second-label", "second-label-value")))
                .isEqualTo(hex("3195800080984914717"));
    }

    @Test
    void tripleLabelMatchesPrometheusCommon() {
        assertThat(Fingerprint.of(Map.of(
                        "first-label", "first-label-value",
                        "second-label", "second-label-value",
                        "third-label", "third-label-value")))
                .isEqualTo(hex("13843036195897128121"));
    }

    /**
     * A real Alertmanager v4 webhook payload as Alertmanager sent it, captured in the public repository
     * liamkelly15-maker/pythonwebhook, file docker/alert-manager-webhook/testsuites/testcurl7.sh: the alert's
     * "fingerprint" field is what Alertmanager computed for these 13 labels.
     */
    @Test
    void thirteenLabelAlertMatchesTheFingerprintAlertmanagerSent() {
        Map<String, String> labels = new HashMap<>();
        labels.put("alertname", "Deployment");
        labels.put("app_kubernetes_io_instance", "eric-oss-common-base");
        labels.put("app_kubernetes_io_managed_by", "Helm");
        labels.put("app_kubernetes_io_name", "eric-pm-kube-state-metrics");
        labels.put("app_kubernetes_io_version", "2.1.0_10");
        labels.put("chart", "eric-pm-kube-state-metrics-2.1.0_10");
        labels.put("deployment", "eric-log-transformer");
        labels.put("instance", "192.168.69.53:8080");
        labels.put("job", "eric-pm-kube-state-metrics");
        labels.put("kubernetes_name", "eric-pm-kube-state-metrics");
        labels.put("kubernetes_namespace", "eric-eo-cm-ci406");
        labels.put("namespace", "eric-eo-cm-ci406");
        labels.put("severity", "Warning");
        assertThat(Fingerprint.of(labels)).isEqualTo("fbab788ec4c1018b");
    }

    @Test
    void isSixteenLowerCaseHexDigitsEvenWithLeadingZeros() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            assertThat(Fingerprint.of(Map.of("n", Integer.toString(random.nextInt()))))
                    .matches("[0-9a-f]{16}");
        }
    }

    @Test
    void doesNotDependOnTheOrderLabelsWereInserted() {
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        List<String> names = List.of("alertname", "instance", "job", "severity", "zone");
        names.forEach(n -> forward.put(n, n + "-v"));
        List<String> reversed = new ArrayList<>(names);
        Collections.reverse(reversed);
        reversed.forEach(n -> backward.put(n, n + "-v"));
        assertThat(Fingerprint.of(backward)).isEqualTo(Fingerprint.of(forward));
    }

    @Test
    void separatorKeepsNameValueBoundariesApart() {
        assertThat(Fingerprint.of(Map.of("a", "bc"))).isNotEqualTo(Fingerprint.of(Map.of("ab", "c")));
        assertThat(Fingerprint.of(Map.of("a", "b", "c", ""))).isNotEqualTo(Fingerprint.of(Map.of("a", "bc")));
    }

    @Test
    void emptyValueIsStillPartOfTheSet() {
        assertThat(Fingerprint.of(Map.of("a", ""))).isNotEqualTo(Fingerprint.of(Map.of()));
    }

    /** Property: equal to an independent reference (BigInteger arithmetic, names sorted by UTF-8 bytes). */
    @Test
    void agreesWithAReferenceImplementationOnRandomLabelSetsIncludingNonAscii() {
        Random random = new Random(42);
        String alphabet = "abcXYZ_09-é€😀\uFF21\uE000";
        for (int i = 0; i < 2_000; i++) {
            Map<String, String> labels = new HashMap<>();
            int n = random.nextInt(6);
            for (int j = 0; j < n; j++) {
                labels.put(
                        randomString(random, alphabet, 1 + random.nextInt(5)),
                        randomString(random, alphabet, random.nextInt(8)));
            }
            assertThat(Fingerprint.of(labels)).as("labels %s", labels).isEqualTo(reference(labels));
        }
    }

    /**
     * A lone surrogate has no UTF-8 form: String.getBytes turned each into '?', so {x="\\udbff"}, {x="\\ud800"}
     * and {x="?"} were one alert and a push of one resolved another. Now the first two are refused.
     */
    @Test
    void loneSurrogatesAreRefusedInsteadOfSharingTheQuestionMarksFingerprint() {
        String question = Fingerprint.of(Map.of("x", "?"));
        for (String lone : List.of("\udbff", "\ud800", "\udc00", "a\udfffb", "\ud83d", "\ude00\ud83d")) {
            assertThatThrownBy(() -> Fingerprint.of(Map.of("x", lone)))
                    .as("value %s", lone)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lone surrogate");
            assertThatThrownBy(() -> Fingerprint.of(Map.of(lone, "v")))
                    .as("name %s", lone)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lone surrogate");
        }
        assertThat(Fingerprint.of(Map.of("x", "\ud83d\ude00")))
                .as("a pair is a character: 😀")
                .isEqualTo(Fingerprint.of(Map.of("x", "😀")))
                .isNotEqualTo(question);
    }

    /**
     * Property: over random strings of lone and paired surrogates, '?', U+FFFD and other characters, a string
     * either is refused (exactly when it holds a lone surrogate) or gets a fingerprint no other string got.
     */
    @Test
    void twoDifferentStringsNeverGetOneFingerprintSilently() {
        char[] pool = {'\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00', '?', '\ufffd', 'a', 'é', '\u0000'};
        Random random = new Random(7);
        Map<String, String> seen = new HashMap<>();
        int refused = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(6); i > 0; i--) b.append(pool[random.nextInt(pool.length)]);
            String value = b.toString();
            boolean lone = !value.equals(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            String fp;
            try {
                fp = Fingerprint.of(Map.of("x", value));
            } catch (IllegalArgumentException e) {
                assertThat(lone)
                        .as("refused %s: %s", escaped(value), e.getMessage())
                        .isTrue();
                refused++;
                continue;
            }
            assertThat(lone)
                    .as("%s has a lone surrogate but got a fingerprint", escaped(value))
                    .isFalse();
            String before = seen.putIfAbsent(fp, value);
            assertThat(before == null || before.equals(value))
                    .as("%s and %s share fingerprint %s", escaped(before), escaped(value), fp)
                    .isTrue();
        }
        assertThat(refused).as("strings refused").isGreaterThan(10_000);
        assertThat(seen.size()).as("distinct valid strings fingerprinted").isGreaterThan(1_000);
    }

    private static String escaped(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }

    private static String randomString(Random random, String alphabet, int length) {
        int[] codePoints = alphabet.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) sb.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        return sb.toString();
    }

    private static String reference(Map<String, String> labels) {
        BigInteger mod = BigInteger.ONE.shiftLeft(64);
        BigInteger prime = new BigInteger("1099511628211");
        BigInteger hash = new BigInteger("14695981039346656037");
        List<byte[]> names = new ArrayList<>();
        labels.keySet().forEach(k -> names.add(k.getBytes(StandardCharsets.UTF_8)));
        names.sort(Arrays::compareUnsigned);
        for (byte[] name : names) {
            byte[] value = labels.get(new String(name, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            for (byte[] part : List.of(name, new byte[] {(byte) 0xFF}, value, new byte[] {(byte) 0xFF})) {
                for (byte b : part) {
                    hash = hash.xor(BigInteger.valueOf(b & 0xFF))
                            .multiply(prime)
                            .mod(mod);
                }
            }
        }
        return String.format("%016x", hash);
    }
}
