package io.alertrelay.alert;

import java.util.List;

/**
 * Whether a Java string is valid Unicode text, that is, has a UTF-8 form. The one way it can fail is a lone
 * surrogate: half of a UTF-16 pair without its other half, which JSON lets a sender write as {@code "\}{@code ud800"}.
 * {@code String.getBytes(UTF_8)} turns each into {@code ?}, so two different strings would become the same
 * bytes (and Alertmanager's decoder makes each U+FFFD, with the same effect): labels, annotations, matchers and
 * comments with one are refused instead, with {@link #problem}'s words.
 */
public final class Unicode {

    private Unicode() {}

    /** The index of the first lone surrogate in {@code s}, or -1 when it is valid Unicode. */
    public static int loneSurrogateAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
                else return i;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Throws IllegalArgumentException "{@code what} is not valid Unicode (...)" when {@code s} is not. */
    public static void require(String what, String s) {
        String problem = problem(s);
        if (problem != null) throw new IllegalArgumentException(what + " is " + problem);
    }

    /**
     * Refuses matchers with a lone surrogate in a name or a value: no label holds one, so such a matcher could
     * only ever match nothing (or, negated, everything), which is never what was meant.
     */
    public static void requireValid(List<Matcher> matchers) {
        for (Matcher m : matchers) {
            require("a matcher's label name", m.name());
            require("the value of the matcher on label '" + m.name() + "'", m.value());
        }
    }

    /**
     * Null when {@code s} is valid Unicode, else {@code "not valid Unicode (a lone surrogate \}{@code ud800 at
     * character 3, counting from 0)"}, to follow a phrase like "whose value is".
     */
    public static String problem(String s) {
        int at = loneSurrogateAt(s);
        if (at < 0) return null;
        return String.format(
                "not valid Unicode (a lone surrogate \\u%04x at character %d, counting from 0)",
                (int) s.charAt(at), at);
    }
}
