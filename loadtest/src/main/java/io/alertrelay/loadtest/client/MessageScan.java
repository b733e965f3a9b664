package io.alertrelay.loadtest.client;

import java.nio.charset.StandardCharsets;

/**
 * Reads the three facts a load-test client needs from a server message without parsing the JSON: its
 * {@code type}, its {@code seq}, and the {@code sentAtNanos} annotation the driver stamped. Both servers
 * write {@code {"type":"...","seq":N,...}}, and annotation values are JSON strings, so a byte search is
 * exact here and costs a fraction of a tree parse: the harness shares two cores with the server it measures.
 */
final class MessageScan {

    enum Type {
        WELCOME,
        SNAPSHOT,
        ALERT,
        SILENCE,
        ERROR,
        OTHER
    }

    private static final byte[] TYPE = bytes("{\"type\":\"");
    private static final byte[] SEQ = bytes("\"seq\":");
    private static final byte[] EPOCH = bytes("\"epoch\":\"");
    private static final byte[] SENT_AT = bytes("\"sentAtNanos\":\"");
    private static final byte[] RESET_TRUE = bytes("\"reset\":true");

    private MessageScan() {}

    static Type type(byte[] a, int from, int to) {
        if (!startsWith(a, from, to, TYPE)) return Type.OTHER;
        int i = from + TYPE.length;
        if (i + 2 >= to) return Type.OTHER;
        return switch (a[i]) {
            case 'a' -> Type.ALERT;
            case 'w' -> Type.WELCOME;
            case 'e' -> Type.ERROR;
            case 's' -> a[i + 1] == 'n' ? Type.SNAPSHOT : a[i + 1] == 'i' ? Type.SILENCE : Type.OTHER;
            default -> Type.OTHER;
        };
    }

    /** The first {@code "seq":N} in the message, or -1. */
    static long seq(byte[] a, int from, int to) {
        int i = indexOf(a, from, to, SEQ);
        return i < 0 ? -1 : digits(a, i + SEQ.length, to);
    }

    /** The {@code sentAtNanos} annotation, or -1 when the alert has none. */
    static long sentAtNanos(byte[] a, int from, int to) {
        int i = indexOf(a, from, to, SENT_AT);
        return i < 0 ? -1 : digits(a, i + SENT_AT.length, to);
    }

    static String epoch(byte[] a, int from, int to) {
        int i = indexOf(a, from, to, EPOCH);
        if (i < 0) return null;
        int start = i + EPOCH.length;
        int end = start;
        while (end < to && a[end] != '"') end++;
        return new String(a, start, end - start, StandardCharsets.US_ASCII);
    }

    /** For a snapshot: whether it replaced a view the client asked to resume. */
    static boolean reset(byte[] a, int from, int to) {
        // the reset flag is the snapshot's last field; search from the end, alerts can be long
        int start = Math.max(from, to - 32);
        return indexOf(a, start, to, RESET_TRUE) >= 0;
    }

    static int indexOf(byte[] a, int from, int to, byte[] needle) {
        byte first = needle[0];
        int last = to - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (a[i] != first) continue;
            for (int j = 1; j < needle.length; j++) {
                if (a[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static boolean startsWith(byte[] a, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) return false;
        for (int j = 0; j < prefix.length; j++) {
            if (a[from + j] != prefix[j]) return false;
        }
        return true;
    }

    private static long digits(byte[] a, int i, int to) {
        long v = 0;
        int start = i;
        while (i < to && a[i] >= '0' && a[i] <= '9') {
            v = v * 10 + (a[i] - '0');
            i++;
        }
        return i == start ? -1 : v;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
