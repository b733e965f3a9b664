package io.alertrelay.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * Why an alert's source can no longer say whether the alert is still true: its plugin failed or is not installed,
 * or the file its rule reads cannot be read. On the wire as {@code "stale": {"since", "reason"}} (docs/protocol.md).
 *
 * <p>The reason is made from text a plugin chose (an exception's message), so it is {@link #clean cleaned}: one
 * line of valid Unicode without control or format characters, at most {@value #MAX_REASON_CHARS} characters.
 *
 * @param since  when the source stopped reporting
 * @param reason what happened, in words
 */
public record Stale(Instant since, String reason) {

    /** The longest reason kept; the rest is cut and marked with an ellipsis. */
    public static final int MAX_REASON_CHARS = 300;

    public Stale {
        Objects.requireNonNull(since, "since");
        reason = clean(reason);
    }

    /**
     * {@code text} as one line of valid Unicode of at most {@code max} characters: line breaks, tabs and other
     * control characters become spaces, format characters (bidi overrides, zero-width characters) are dropped,
     * a lone surrogate becomes U+FFFD, and a longer text is cut (never inside a surrogate pair) and ends in "…".
     */
    public static String clean(String text, int max) {
        if (text == null || text.isBlank()) return "unknown";
        StringBuilder b = new StringBuilder(Math.min(text.length(), max + 2));
        boolean more = false;
        for (int i = 0; i < text.length(); i++) {
            if (b.length() > max) {
                more = true;
                break;
            }
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                b.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append('\uFFFD');
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(' ');
            } else if (Character.getType(c) != Character.FORMAT) {
                b.append(c);
            }
        }
        String out = b.toString().strip();
        if (!more && out.length() <= max) return out.isEmpty() ? "unknown" : out;
        int end = Math.min(out.length(), max - 1);
        if (end > 0 && Character.isHighSurrogate(out.charAt(end - 1))) end--;
        return out.substring(0, end).stripTrailing() + "…";
    }

    /** {@link #clean(String, int)} at {@value #MAX_REASON_CHARS} characters. */
    public static String clean(String text) {
        return clean(text, MAX_REASON_CHARS);
    }
}
