package io.alertrelay.plugins.logpatterns;

/**
 * Text taken from a log file (the line, group values, a file name) made fit for an alert: whoever wrote the line
 * cannot make it look like more than one line, hide part of it, or turn it around on a wall, a terminal or a
 * log. Escaped: {@code \r}, {@code \n}, {@code \t}, and as {@code \}{@code uXXXX} every other control character
 * (C0 with ESC, so ANSI sequences show as {@code \}{@code u001b[31m}; DEL; C1 with NEL), format character (bidi
 * overrides, zero-width characters, the BOM, and the invisible tag characters beyond U+FFFF, each half of their
 * pair), the separators U+2028 and U+2029, and a lone surrogate (the relay would refuse the alert). Printable
 * text, non-ASCII and emoji included, stays as it is, and so does a backslash. Text over its limit is cut between
 * characters, never inside a pair or an escape, and ends in {@code …}. Stateless.
 */
final class SafeText {

    /** The line a pattern matched, as the match text (the alert's {@code example} annotation). */
    static final int MAX_LINE_CHARS = 300;
    /** A named group's value, as a label value. */
    static final int MAX_LABEL_CHARS = 200;
    /** A file's path, as the {@code file} label (PATH_MAX on Linux). */
    static final int MAX_PATH_CHARS = 4096;

    private static final char CUT = '…';

    private SafeText() {}

    static String line(String s) {
        return escape(s, MAX_LINE_CHARS);
    }

    static String label(String s) {
        return escape(s, MAX_LABEL_CHARS);
    }

    static String path(String s) {
        return escape(s, MAX_PATH_CHARS);
    }

    /** {@code s} escaped and cut to at most {@code max} characters, {@code …} included; {@code s} itself when fine. */
    static String escape(String s, int max) {
        if (max < 2) throw new IllegalArgumentException("max must be at least 2, was " + max);
        int i = 0;
        while (i < s.length() && i < max && !unsafe(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
        if (i == s.length()) return s;
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i); // a lone surrogate comes back as itself
            int next = i + Character.charCount(cp);
            String piece = unsafe(cp) ? escaped(s, i, next) : s.substring(i, next);
            int room = next == s.length() ? max : max - 1; // keep room for … unless this is the last piece
            if (b.length() + piece.length() > room) return b.append(CUT).toString();
            b.append(piece);
            i = next;
        }
        return b.toString();
    }

    /** By code point: tag characters (U+E0000 to U+E007F, invisible) are format characters beyond U+FFFF. */
    private static boolean unsafe(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }

    private static String escaped(String s, int from, int to) {
        StringBuilder b = new StringBuilder(12);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }
}
