package io.alertrelay.alert;

import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Runs an anchored regex match with a bound on how many characters it may read. Matchers come from viewers
 * (subscribe filters) and operators (silences) and run on every fan-out under the pipeline's lock: a pattern
 * like {@code (.*a){12}} backtracks for minutes on {@code aaaa...a!}, and one such filter would hold every client
 * of the relay. A match that reads more than its budget stops and counts as "does not hold".
 *
 * <p>The budget, {@value #BASE_READS} reads plus {@value #READS_PER_CHAR} per character of the value, at most
 * {@value #MAX_READS}, is far above what any sane pattern needs (a few reads per character) and costs at most a
 * millisecond or so. A match that overflows the stack (the engine recurses per repetition) is treated the same.
 */
final class RegexBudget {

    static final long BASE_READS = 100_000;
    static final long READS_PER_CHAR = 100;
    /** Whatever the value's length: a label can be as long as a push body, and this is paid per subscriber. */
    static final long MAX_READS = 1_000_000;

    private static final AtomicLong SPENT_MATCHES = new AtomicLong();

    /** Thrown from charAt when the budget is spent; preallocated, no stack trace: it is control flow. */
    private static final RuntimeException SPENT = new RuntimeException("regex read budget spent", null, false, false) {};

    private RegexBudget() {}

    /** Matches that were stopped for reading past their budget, since start. */
    static long spentMatches() { return SPENT_MATCHES.get(); }

    /** {@code pattern.matcher(value).matches()}, or null when the budget ran out first. */
    static Boolean matches(Pattern pattern, String value) {
        try {
            long budget = Math.min(MAX_READS, BASE_READS + READS_PER_CHAR * value.length());
            return pattern.matcher(new Chars(value, budget)).matches();
        } catch (RuntimeException e) {
            if (e != SPENT) throw e;
            SPENT_MATCHES.incrementAndGet();
            return null;
        } catch (StackOverflowError e) {
            // java.util.regex recurses once per repetition: (a|b)* on a label of some thousands of characters
            // overflows the stack. Same verdict as a spent budget.
            SPENT_MATCHES.incrementAndGet();
            return null;
        }
    }

    private static final class Chars implements CharSequence {
        private final String s;
        private long left;

        Chars(String s, long budget) {
            this.s = s;
            this.left = budget;
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) throw SPENT;
            return s.charAt(index);
        }

        @Override
        public int length() { return s.length(); }

        @Override
        public CharSequence subSequence(int start, int end) { return s.subSequence(start, end); }

        @Override
        public String toString() { return s; }
    }
}
