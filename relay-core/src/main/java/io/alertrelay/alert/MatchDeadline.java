package io.alertrelay.alert;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * When regex matching must stop: one pass of filter evaluation (a change's fan-out, a subscribe's snapshot or
 * replay, one query) may spend at most {@code limits.filterBudget} on regexes. RE2 costs at most the program's size
 * per character read (and the program's size to start), so checking the clock every {@value #CHECK_EVERY}
 * characters stops a match within a fraction of a millisecond of the deadline, whatever the regex.
 *
 * <p>Not thread-safe: one pass, one thread.
 */
public final class MatchDeadline {

    private static final LongAdder OVER_BUDGET = new LongAdder();

    /** Counts one filter stopped because its pass ran out of budget (relay_matcher_budget_exceeded_total). */
    public static void countOverBudget() {
        OVER_BUDGET.increment();
    }

    /** Filters stopped because their pass ran out of budget, since start, in this JVM. */
    public static long overBudget() {
        return OVER_BUDGET.sum();
    }

    /** Characters read between two looks at the clock. */
    static final int CHECK_EVERY = 64;

    /** Never passes (tests, and callers that are bounded otherwise). */
    public static final MatchDeadline NONE = new MatchDeadline(Long.MAX_VALUE, true);

    private final long deadlineNanos;
    private final boolean never;

    private MatchDeadline(long deadlineNanos, boolean never) {
        this.deadlineNanos = deadlineNanos;
        this.never = never;
    }

    /** A deadline {@code budget} from now. */
    public static MatchDeadline after(Duration budget) {
        return new MatchDeadline(System.nanoTime() + budget.toNanos(), false);
    }

    /** Whether the budget is spent. */
    public boolean passed() {
        return !never && System.nanoTime() - deadlineNanos > 0;
    }

    /** Throws {@link Exceeded} when the budget is spent. */
    void check() {
        if (passed()) throw Exceeded.INSTANCE;
    }

    /**
     * Thrown out of a match when its pass ran out of time. Preallocated and without a stack trace: it is control
     * flow, thrown wherever a budget runs out.
     */
    public static final class Exceeded extends RuntimeException {
        static final Exceeded INSTANCE = new Exceeded();

        private Exceeded() {
            super("filter budget spent", null, false, false);
        }
    }

    /** The value as RE2 reads it, looking at the clock every {@value #CHECK_EVERY} characters. */
    static CharSequence metered(String value, MatchDeadline deadline) {
        return deadline.never || value.length() < CHECK_EVERY ? value : new Metered(value, deadline);
    }

    private static final class Metered implements CharSequence {
        private final String s;
        private final MatchDeadline deadline;
        private int reads;

        Metered(String s, MatchDeadline deadline) {
            this.s = s;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if (++reads % CHECK_EVERY == 0) deadline.check();
            return s.charAt(index);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
