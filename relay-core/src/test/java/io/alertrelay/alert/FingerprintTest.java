package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(Fingerprint.of(Map.of())).isEqualTo(hex("14695981039346656037")).isEqualTo("cbf29ce484222325");
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
        assertThat(Fingerprint.of(Map.of("first-label", "first-label-value")))
                .isEqualTo(hex("5146282821936882169"));
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
            assertThat(Fingerprint.of(Map.of("n", Integer.toString(random.nextInt())))).matches("[0-9a-f]{16}");
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
        assertThat(Fingerprint.of(Map.of("a", "b", "c", "")))
                .isNotEqualTo(Fingerprint.of(Map.of("a", "bc")));
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
                labels.put(randomString(random, alphabet, 1 + random.nextInt(5)),
                        randomString(random, alphabet, random.nextInt(8)));
            }
            assertThat(Fingerprint.of(labels)).as("labels %s", labels).isEqualTo(reference(labels));
        }
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
                    hash = hash.xor(BigInteger.valueOf(b & 0xFF)).multiply(prime).mod(mod);
                }
            }
        }
        return String.format("%016x", hash);
    }
}
