package io.alertrelay.plugin.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntax of the relay's config file, environment and plugin sections: a whole number followed by a unit,
 * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 30s}, {@code 2m},
 * {@code 24h}, {@code 7d}); parts may be combined from the largest unit down ({@code 1h30m}); a bare
 * whole number is seconds. No sign, no spaces, no fractions: {@code 1.5s} is written {@code 1500ms}.
 * A day is exactly 24 hours.
 */
public final class Durations {

    /** What the syntax looks like, for error messages. */
    public static final String EXAMPLES = "like 500ms, 30s, 2m, 24h, 7d, 1h30m, or a bare number of seconds";

    private static final Pattern BARE_SECONDS = Pattern.compile("[0-9]+");
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
    private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
    private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};

    private Durations() {}

    /**
     * Parses one duration.
     *
     * @throws IllegalArgumentException naming the text and the syntax when it is not a duration,
     *                                  or when it is too large to hold
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) throw notADuration(text);
        try {
            if (BARE_SECONDS.matcher(text).matches()) return Duration.ofSeconds(Long.parseLong(text));
            Matcher m = PART.matcher(text);
            long millis = 0;
            int end = 0;
            int lastUnit = -1;
            while (m.lookingAt()) {
                int unit = unitIndex(m.group(2));
                if (unit <= lastUnit) throw notADuration(text); // 30m1h, 1s1s: largest unit first, once each
                lastUnit = unit;
                long amount = Long.parseLong(m.group(1));
                millis = Math.addExact(millis, Math.multiplyExact(amount, UNIT_MILLIS[unit]));
                end = m.end();
                m.region(end, text.length());
            }
            if (end != text.length() || lastUnit < 0) throw notADuration(text);
            return Duration.ofMillis(millis);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("\"" + text + "\" is too long a duration", e);
        }
    }

    /**
     * Writes a duration in the same syntax, largest units first ({@code 90s} is {@code 1m30s}, zero is
     * {@code 0s}), so that {@code parse(format(d))} equals {@code d} for any non-negative {@code d} in
     * whole milliseconds. Parts below a millisecond are left out; a negative duration gets a leading
     * {@code -} (which {@link #parse} does not accept).
     */
    public static String format(Duration d) {
        if (d.isNegative()) return "-" + format(d.negated());
        long millis = d.toMillis();
        if (millis == 0) return "0s";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < UNITS.length; i++) {
            long amount = millis / UNIT_MILLIS[i];
            if (amount > 0) {
                out.append(amount).append(UNITS[i]);
                millis -= amount * UNIT_MILLIS[i];
            }
        }
        return out.toString();
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) return i;
        }
        throw new AssertionError(unit);
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException("\"" + text + "\" is not a duration; write one " + EXAMPLES);
    }
}
