package io.alertrelay.alert;

import java.util.Arrays;

/**
 * An upper bound on the size of the RE2 program a regex compiles to, read from its text without compiling it.
 * RE2 matches in time linear in program size times input length, but building the program is not bounded by the
 * text: {@code ((a{1000}){1000}){1000}} is 24 characters and a billion instructions (the compiler runs out of
 * memory). This is checked first, so such a text is refused before anything is built.
 *
 * <p>The count is generous where the syntax is unusual ({@code (?i)} and group names count as literals) and
 * exact in kind where it matters: every counted repeat multiplies what it repeats, nested repeats multiply.
 */
final class RegexSize {

    private RegexSize() {}

    /** At least the program size of {@code regex} once compiled, if it compiles; never less. */
    static long upperBound(String regex) {
        long[] stack = new long[16];
        int depth = 0;
        long size = 0;
        long last = 0; // the size of the atom a quantifier would apply to
        int n = regex.length();
        for (int i = 0; i < n; i++) {
            char c = regex.charAt(i);
            switch (c) {
                case '\\' -> {
                    int end = escapeEnd(regex, i);
                    long atoms = regex.startsWith("\\Q", i) ? Math.max(1, end - i) : 1;
                    size += atoms;
                    last = 1;
                    i = end - 1;
                }
                case '[' -> {
                    i = classEnd(regex, i) - 1;
                    size += 1;
                    last = 1;
                }
                case '(' -> {
                    int flagsEnd = flagsEnd(regex, i);
                    if (flagsEnd > 0) { // (?i) and the like: no atom of its own, a quantifier after it repeats the one
                        // before
                        i = flagsEnd;
                        continue;
                    }
                    if (depth + 2 > stack.length) stack = Arrays.copyOf(stack, stack.length * 2);
                    stack[depth++] = size;
                    stack[depth++] = last;
                    size = 0;
                    last = 0;
                }
                case ')' -> {
                    long group = size + 2;
                    if (depth >= 2) {
                        depth -= 2;
                        size = stack[depth];
                    } else {
                        size = 0;
                    }
                    size += group;
                    last = group;
                }
                case '|' -> {
                    size += 1;
                    last = 0;
                }
                case '*', '+', '?' -> {
                    size += 1;
                    last += 1;
                }
                case '{' -> {
                    long[] repeat = repeat(regex, i);
                    if (repeat == null) {
                        size += 1;
                        last = 1;
                    } else {
                        long grown = saturating(last + 1, repeat[0] + 1);
                        size = size - last + grown;
                        last = grown;
                        i = (int) repeat[1];
                    }
                }
                default -> {
                    size += 1;
                    last = 1;
                }
            }
            if (size > Integer.MAX_VALUE) return Long.MAX_VALUE;
        }
        // an unclosed group does not compile; count it anyway
        while (depth >= 2) {
            depth -= 2;
            size += stack[depth] + 2;
        }
        return size + 4; // the whole-match capture, the match instruction, and the anchors
    }

    /** For a flag group like {@code (?i)} or {@code (?-s)} at {@code i}, the index of its ')'; otherwise -1. */
    private static int flagsEnd(String s, int i) {
        if (!s.startsWith("(?", i)) return -1;
        for (int j = i + 2; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == ')') return j;
            if ("imsU-".indexOf(c) < 0) return -1;
        }
        return -1;
    }

    /** For {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}: the largest count and the index of the '}'. */
    private static long[] repeat(String s, int i) {
        int j = i + 1;
        long max = -1;
        long current = -1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c >= '0' && c <= '9') {
                current = Math.min(100_000, (current < 0 ? 0 : current * 10) + (c - '0'));
            } else if (c == ',' && max < 0 && current >= 0) {
                max = current;
                current = -1;
            } else if (c == '}' && (current >= 0 || max >= 0)) {
                return new long[] {Math.max(max, current), j};
            } else {
                return null;
            }
            j++;
        }
        return null;
    }

    /** The index after the escape at {@code i}: {@code \Q...\E}, {@code \p{...}}, {@code \x{...}} or one character. */
    private static int escapeEnd(String s, int i) {
        if (i + 1 >= s.length()) return s.length();
        char e = s.charAt(i + 1);
        if (e == 'Q') {
            int end = s.indexOf("\\E", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        if ((e == 'p' || e == 'P' || e == 'x') && i + 2 < s.length() && s.charAt(i + 2) == '{') {
            int end = s.indexOf('}', i + 3);
            return end < 0 ? s.length() : end + 1;
        }
        return i + 2;
    }

    /** The index after the character class opening at {@code i}. */
    private static int classEnd(String s, int i) {
        int j = i + 1;
        if (j < s.length() && s.charAt(j) == '^') j++;
        if (j < s.length() && s.charAt(j) == ']') j++; // a leading ] is a literal
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\') {
                j = escapeEnd(s, j);
                continue;
            }
            if (c == '[' && j + 1 < s.length() && s.charAt(j + 1) == ':') {
                int end = s.indexOf(":]", j + 2);
                if (end > 0) {
                    j = end + 2;
                    continue;
                }
            }
            if (c == ']') return j + 1;
            j++;
        }
        return s.length();
    }

    private static long saturating(long a, long b) {
        long r = a * b;
        return (a != 0 && (r / a != b || r < 0)) ? Long.MAX_VALUE / 4 : r;
    }
}
