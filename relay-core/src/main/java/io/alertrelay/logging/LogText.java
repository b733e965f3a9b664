package io.alertrelay.logging;

/**
 * Puts strings a client chose (a close reason, a resume epoch, a JWT's name claim) into a log line so that they
 * can neither start a line of their own nor pass for another field: {@code reason="bye\"\n..."}. Escaped inside
 * the quotes: {@code "} and {@code \}, line breaks and tabs ({@code \n \r \t}), and as {@code \}{@code uXXXX}
 * every other control or format character (C0, DEL, C1, bidi overrides, zero-width characters), U+2028, U+2029
 * and lone surrogates. {@link #unquote} reads such a string back. Printable text, non-ASCII included, stays as
 * it is. Strings are cut after {@value #MAX_CHARS} characters, so one client cannot write a 64 KiB line.
 *
 * <p>The text layout escapes line breaks in every message again ({@link OneLineMessageConverter}): this class
 * is for the fields, that one the safety net. Stateless and thread-safe.
 */
public final class LogText {

    /** Characters of a client's string kept in a log line; the rest is replaced by a count. */
    public static final int MAX_CHARS = 200;

    private LogText() {}

    /** {@code "text"}, escaped; {@code -} for null. */
    public static String quote(String s) {
        if (s == null) return "-";
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 8).append('"');
        int end = cutAt(s);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (unsafe(s, i)) unicodeEscape(b, c);
                    else b.append(c);
                }
            }
        }
        if (end < s.length()) b.append("…[+").append(s.length() - end).append(" chars]");
        return b.append('"').toString();
    }

    /**
     * A name or an id as a log field: bare when it is plain ({@code wall-1}, {@code 56da101bab2dea4c}: letters,
     * digits and {@code . _ - : @ / +}, at most {@value #MAX_CHARS} of them), else {@link #quote quoted}.
     * Plain values read as before; anything else cannot be mistaken for more fields.
     */
    public static String value(String s) {
        if (s == null) return "-";
        if (s.isEmpty() || s.length() > MAX_CHARS) return quote(s);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-'
                    || c == ':'
                    || c == '@'
                    || c == '/'
                    || c == '+';
            if (!plain) return quote(s);
        }
        return s;
    }

    /** The string {@link #quote} was given (up to its cut); a bare value is returned as it is. */
    public static String unquote(String field) {
        if (field.length() < 2 || field.charAt(0) != '"' || field.charAt(field.length() - 1) != '"') return field;
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 1; i < field.length() - 1; i++) {
            char c = field.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = field.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(field.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        return b.toString();
    }

    /**
     * {@code s} with every character that could end or hide a line escaped ({@code \n}, {@code \r}, {@code \t},
     * else {@code \}{@code uXXXX}): C0 and C1 controls, DEL, U+2028, U+2029, lone surrogates. Nothing else
     * changes, quotes and backslashes included; returns {@code s} itself when there is nothing to escape.
     */
    public static String oneLine(String s) {
        if (s == null) return null;
        int i = 0;
        while (i < s.length() && !breaksLine(s, i)) i++;
        if (i == s.length()) return s;
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!breaksLine(s, i)) b.append(c);
            else if (c == '\n') b.append("\\n");
            else if (c == '\r') b.append("\\r");
            else if (c == '\t') b.append("\\t");
            else unicodeEscape(b, c);
        }
        return b.toString();
    }

    private static boolean breaksLine(String s, int i) {
        char c = s.charAt(i);
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || loneSurrogate(s, i);
    }

    /** Controls, format characters (bidi overrides, zero-width...), line and paragraph separators, lone surrogates. */
    private static boolean unsafe(String s, int i) {
        char c = s.charAt(i);
        int type = Character.getType(c);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || loneSurrogate(s, i);
    }

    static boolean loneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        if (Character.isLowSurrogate(c)) return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        return false;
    }

    /** Where to cut: after MAX_CHARS characters, but never between the two halves of a pair. */
    private static int cutAt(String s) {
        if (s.length() <= MAX_CHARS) return s.length();
        return Character.isHighSurrogate(s.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
    }

    private static void unicodeEscape(StringBuilder b, char c) {
        b.append("\\u")
                .append(Character.forDigit(c >> 12 & 0xF, 16))
                .append(Character.forDigit(c >> 8 & 0xF, 16))
                .append(Character.forDigit(c >> 4 & 0xF, 16))
                .append(Character.forDigit(c & 0xF, 16));
    }
}
