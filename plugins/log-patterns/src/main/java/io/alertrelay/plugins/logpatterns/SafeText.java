package io.alertrelay.plugins.logpatterns;

/**
 * Text taken from a log file (the line, group values, a file name) made fit for an alert: whoever wrote the line
 * cannot make it look like more than one line, hide part of it, or turn it around on a wall, a terminal or a
 * log. Escaped: {@code \n}, {@code \r}, {@code \t}, and as {@code \}{@code uXXXX} every other control
 * character (C0 with ESC, so ANSI sequences show as {@code \}{@code u001b[31m}, DEL, C1 with NEL), format
 * character (bidi overrides, zero-width characters, the BOM), the line and paragraph separators U+2028 and
 * U+2029, and a lone surrogate (it would also make the relay refuse the alert). Printable text, non-ASCII and
 * emoji included, stays as it is, and so does a backslash: a line cannot hold a real line break, so {@code \n}
 * in the result was escaped only if the file had a lone CR or NEL there. Text longer than its limit is cut
 * between characters, never inside a pair or an escape, and ends in {@code …}. Stateless.
 */
final class SafeText {

    /** The line a pattern matched, as the match text (the alert's {@code example}, its summary on the wall). */
    static final int MAX_LINE_CHARS = 300;
    /** A named group's value, as a label value. */
    static final int MAX_LABEL_CHARS = 200;
    /** A file's path, as the {@code file} label (PATH_MAX on Linux). */
    static final int MAX_PATH_CHARS = 4096;

    private static final char CUT = '…';

    private SafeText() {}

    static String line(String s) { return escape(s, MAX_LINE_CHARS); }

    static String label(String s) { return escape(s, MAX_LABEL_CHARS); }

    static String path(String s) { return escape(s, MAX_PATH_CHARS); }

    /** {@code s} escaped and cut to at most {@code max} characters, {@code …} included; {@code s} itself when fine. */
    static String escape(String s, int max) {
        if (max < 2) throw new IllegalArgumentException("max must be at least 2, was " + max);
        int i = 0;
        while (i < s.length() && i < max && !unsafe(s, i)) i++;
        if (i == s.length()) return s;
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            int next = i + (pair ? 2 : 1);
            String piece = unsafe(s, i) ? escaped(c) : s.substring(i, next);
            int room = next == s.length() ? max : max - 1; // keep room for … unless this is the last piece
            if (b.length() + piece.length() > room) return b.append(CUT).toString();
            b.append(piece);
            i = next;
        }
        return b.toString();
    }

    private static boolean unsafe(String s, int i) {
        char c = s.charAt(i);
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            case Character.SURROGATE -> Character.isHighSurrogate(c)
                    ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
            default -> false;
        };
    }

    private static String escaped(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> String.format("\\u%04x", (int) c);
        };
    }
}
