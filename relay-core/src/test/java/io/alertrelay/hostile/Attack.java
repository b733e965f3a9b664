package io.alertrelay.hostile;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One attack while it runs: its name, its size in words, what the relay answered it (counted by kind), and its own
 * checks ({@link #contract}), which are what the fix of issue 12 promises for this attack. The bystanders' pass
 * criteria are checked apart from these ({@link Window}), so a failure says which part broke.
 */
final class Attack {

    /** The attack itself: sends, holds, checks what came back; closes what it opened before it returns. */
    @FunctionalInterface
    interface Body {
        void run(Attack a) throws Exception;
    }

    final String name;
    /** The label value the bystanders' pushes carry while this attack runs. */
    final String phase;
    /** What the fix promises for this attack; collected, asserted in a test of its own. */
    final SoftAssertions contract = new SoftAssertions();

    private final ProcessBystanders bystanders;
    private final long started = System.nanoTime();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private volatile String size = "";
    private volatile boolean stoppedAtCap;
    private volatile long ended;
    private volatile long lastAsked;
    private volatile long slowestAnswerMs = -1;

    Attack(String name, String phase, ProcessBystanders bystanders) {
        this.name = name;
        this.phase = phase;
        this.bystanders = bystanders;
    }

    /** Says how big the attack was: connections, frames, requests, how long. */
    void size(String text) {
        size = text;
    }

    String size() {
        return size;
    }

    /** Counts one answer of the relay to the attack ("401 unauthorized", "close 1008", ...). */
    void outcome(String kind) {
        outcome(kind, 1);
    }

    void outcome(String kind, int n) {
        synchronized (outcomes) {
            outcomes.merge(kind, n, Integer::sum);
        }
    }

    /** Counts an HTTP answer to the attack by its outcome, and notes how long the slowest one took. */
    SourceHttp.Answer answer(SourceHttp.Answer r) {
        return answer("", r);
    }

    /** As above, the outcome counted under "{@code what}: outcome". */
    SourceHttp.Answer answer(String what, SourceHttp.Answer r) {
        outcome(what.isEmpty() ? r.outcome() : what + ": " + r.outcome());
        synchronized (outcomes) {
            slowestAnswerMs = Math.max(slowestAnswerMs, r.millis());
        }
        return r;
    }

    int outcomes(String kind) {
        synchronized (outcomes) {
            return outcomes.getOrDefault(kind, 0);
        }
    }

    /** "401 unauthorized×30, 429 too-many-auth-failures×2400": every kind of answer, counted. */
    String outcomes() {
        synchronized (outcomes) {
            StringBuilder b = new StringBuilder();
            outcomes.forEach((k, v) ->
                    b.append(b.length() == 0 ? "" : ", ").append(k).append('×').append(v));
            if (slowestAnswerMs >= 0) b.append("; slowest answer ").append(Window.ms(slowestAnswerMs));
            return b.length() == 0 ? "-" : b.toString();
        }
    }

    /**
     * Keeps the attack going for {@code d}, or less: false as soon as a bystander has waited the cap (10 s) for
     * something, after which the attack must stop (the relay is stalled; the figures say so).
     */
    boolean hold(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        within(d.plusSeconds(1), () -> System.nanoTime() >= until || bystanders.capped(phase));
        if (bystanders.capped(phase)) stoppedAtCap = true;
        return !stoppedAtCap;
    }

    /** True when the bystanders have already waited the cap during this attack (asked at most every 100 ms). */
    boolean stalled() {
        long now = System.nanoTime();
        if (now - lastAsked > 100_000_000L) {
            lastAsked = now;
            if (bystanders.capped(phase)) stoppedAtCap = true;
        }
        return stoppedAtCap;
    }

    boolean stoppedAtCap() {
        return stoppedAtCap;
    }

    long elapsedMs() {
        return ((ended != 0 ? ended : System.nanoTime()) - started) / 1_000_000;
    }

    /** The attack is over: its duration stops here. */
    void finish() {
        ended = System.nanoTime();
    }

    /** "held 4.1 s" or "held 10.3 s, stopped at the cap". */
    String held() {
        return String.format("%.1f s%s", elapsedMs() / 1000.0, stoppedAtCap ? ", stopped at the 10 s cap" : "");
    }

    /** Waits at most {@code max} for {@code condition}; false if it never held. */
    static boolean within(Duration max, Callable<Boolean> condition) {
        try {
            await().atMost(max)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
