package io.alertrelay.alert;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The identity of an alert: a 64-bit hash of its label set, byte for byte the one Prometheus and Alertmanager
 * compute ({@code model.LabelSet.Fingerprint()} in prometheus/common, which Alertmanager's {@code types.Alert}
 * uses). Being identical means an operator can paste a fingerprint from Alertmanager's UI or a webhook payload
 * and find the same alert here, and that a Prometheus re-send lands on the alert it re-sends.
 *
 * <p>Algorithm: sort the label names (byte order of their UTF-8 form, as Go's {@code sort.Strings} does);
 * feed FNV-1a 64 with, for each label, the name, a {@code 0xFF} byte, the value and another {@code 0xFF}
 * byte ({@code 0xFF} never occurs in UTF-8, so {@code {a="bc"}} and {@code {ab="c"}} differ); print the hash
 * as 16 lower-case hex digits. The empty set hashes to the FNV offset basis, {@code cbf29ce484222325}.
 *
 * <p>Only valid Unicode has a fingerprint: a name or value with a lone surrogate (which has no UTF-8 form;
 * {@code getBytes} would make it {@code ?}, the same bytes as a real {@code ?}) is refused with an
 * IllegalArgumentException, so two different label sets never share a fingerprint by accident.
 * {@link AlertValidation} refuses such alerts first, with a message for the sender.
 *
 * <p>Cost: one pass over the label bytes plus a sort of the names; no caching, callers keep the result.
 */
public final class Fingerprint {

    private static final long OFFSET_BASIS = 0xcbf29ce484222325L; // 14695981039346656037
    private static final long PRIME = 0x100000001b3L; // 1099511628211
    private static final int SEPARATOR = 0xFF;
    private static final String ZEROS = "0000000000000000";

    private Fingerprint() {}

    /**
     * The fingerprint of a label set, as 16 lower-case hex digits.
     *
     * @param labels label names to values; null is treated as the empty set (as Go treats a nil map)
     * @throws IllegalArgumentException when a name or value is not valid Unicode (a lone surrogate)
     */
    public static String of(Map<String, String> labels) {
        long hash = OFFSET_BASIS;
        if (labels != null && !labels.isEmpty()) {
            List<String> names = new ArrayList<>(labels.keySet());
            // Code point order equals the byte order of UTF-8, which is what Go sorts by; String.compareTo
            // (UTF-16 units) would differ for names mixing supplementary characters with U+E000..U+FFFF.
            names.sort(Fingerprint::compareCodePoints);
            for (String name : names) {
                hash = update(hash, utf8("label name", name));
                hash = update(hash, SEPARATOR);
                hash = update(hash, utf8("the value of label " + name, labels.get(name)));
                hash = update(hash, SEPARATOR);
            }
        }
        String hex = Long.toHexString(hash); // %016x without the cost of String.format on every push
        return ZEROS.substring(hex.length()) + hex;
    }

    private static byte[] utf8(String what, String s) {
        String problem = Unicode.problem(s);
        if (problem != null) throw new IllegalArgumentException(what + " is " + problem);
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long update(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash = update(hash, b & 0xFF);
        }
        return hash;
    }

    private static long update(long hash, int unsignedByte) {
        return (hash ^ unsignedByte) * PRIME; // FNV-1a: xor first, then multiply (mod 2^64 by overflow)
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
