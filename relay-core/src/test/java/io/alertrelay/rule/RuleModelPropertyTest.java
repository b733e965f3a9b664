package io.alertrelay.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.plugin.api.Sample;
import io.alertrelay.plugin.api.ThresholdRule;
import io.alertrelay.plugin.api.ThresholdRule.Direction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rule engine against a small reference model of docs/plugin-guide.md#the-life-of-a-rule-made-alert, on
 * random rules and random sample sequences: gauges and 0/1 metrics, values at every line, NaN, gaps longer than
 * the stale period, relay restarts between samples. After every step the real alert state (fed by the engine,
 * ticked as the relay ticks it) must hold exactly what the model says: nothing, or one firing alert at the
 * model's level with the model's startsAt. Every sequence then ends with {@code for} plus a step of samples on
 * the clear side, after which nothing may be firing. Run with -Drules.seed=N to repeat a failing case.
 */
class RuleModelPropertyTest {

    static final int CASES = 1500;
    static final int STEPS = 60;
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    Instant now;
    AlertState state;
    RuleEngine engine;

    /** The model: one series, as the guide states it. */
    static final class Model {
        final ThresholdRule rule;
        int level; // 0 none, 1 warning, 2 critical
        Instant pendingSince;
        Instant startsAt;
        Instant lastSeen;
        Duration interval;

        Model(ThresholdRule rule) {
            this.rule = rule;
        }

        boolean above() {
            return rule.direction() == Direction.ABOVE;
        }

        boolean reached(double v, Double l) {
            return l != null && (above() ? v >= l : v <= l);
        }

        int levelOf(double v) {
            return reached(v, rule.critical()) ? 2 : reached(v, rule.warning()) ? 1 : 0;
        }

        Duration stale() {
            if (rule.staleAfter() != null) return rule.staleAfter();
            if (interval == null) return Duration.ofMinutes(5);
            Duration three = interval.multipliedBy(3);
            return three.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : three;
        }

        void tick(Instant t) {
            if (lastSeen != null && !t.isBefore(lastSeen.plus(stale()))) {
                level = 0;
                pendingSince = null;
                startsAt = null;
                lastSeen = null;
                interval = null;
            }
        }

        void restart(Instant t) {
            pendingSince = null;
            interval = null;
            lastSeen = level == 0 ? null : t; // a firing alert is taken over now; an ok series is forgotten
            takenOver = level != 0;
        }

        void sample(double v, Instant t) {
            if (Double.isNaN(v)) return;
            if (takenOver) lastSeen = null; // the takeover time is not a sample: the interval starts with this one
            takenOver = false;
            if (lastSeen != null && t.isAfter(lastSeen)) interval = Duration.between(lastSeen, t);
            lastSeen = t;
            int l = levelOf(v);
            double gap = Math.abs(rule.raiseLevel() - rule.clear());
            if (level == 0) {
                if (l == 0) {
                    pendingSince = null;
                } else {
                    if (pendingSince == null) pendingSince = t;
                    if (!t.isBefore(pendingSince.plus(rule.forDuration()))) {
                        level = l;
                        startsAt = pendingSince;
                        pendingSince = null;
                    }
                }
            } else if (l == 0 && (above() ? v <= rule.clear() : v >= rule.clear())) {
                level = 0;
                startsAt = null;
            } else if (l > level) {
                level = l;
                startsAt = t;
            } else if (level == 2
                    && rule.warning() != null
                    && l != 2
                    && (above() ? v <= rule.critical() - gap : v >= rule.critical() + gap)) {
                level = 1;
                startsAt = t;
            }
        }

        boolean takenOver;
    }

    @Test
    void theEngineFollowsTheModelAndEveryAlertThatFiresEndsResolved() {
        long seed = Long.getLong("rules.seed", System.nanoTime());
        System.out.println("RuleModelPropertyTest seed " + seed + " (-Drules.seed=" + seed + " repeats it)");
        Random random = new Random(seed);
        int fired = 0;
        int restarts = 0;
        for (int c = 0; c < CASES; c++) {
            long caseSeed = random.nextLong();
            String where = "seed " + seed + ", case " + c + " (case seed " + caseSeed + ")";
            int[] counts = runCase(new Random(caseSeed), where);
            fired += counts[0];
            restarts += counts[1];
        }
        System.out.println("RuleModelPropertyTest: " + CASES + " cases of " + STEPS + " steps, " + fired
                + " alerts fired and resolved, " + restarts + " restarts");
        assertThat(fired).as("the generator makes alerts fire").isGreaterThan(CASES / 2);
    }

    int[] runCase(Random r, String where) {
        ThresholdRule rule = randomRule(r);
        Model model = new Model(rule);
        now = T0;
        state = new AlertState(Duration.ofMinutes(5), Duration.ofDays(30), Duration.ofHours(1));
        engine = newEngine(rule);
        Duration every = Duration.ofSeconds(List.of(5, 10, 30).get(r.nextInt(3)));
        List<String> log = new ArrayList<>();
        int restarts = 0;
        for (int step = 0; step < STEPS; step++) {
            int kind = r.nextInt(100);
            now = now.plus(kind < 8 ? Duration.ofSeconds(60 + r.nextInt(600)) : every);
            if (kind >= 8 && kind < 12) {
                restarts++;
                log.add(now + " restart");
                engine = newEngine(rule);
                model.restart(now);
            }
            tick(model);
            if (kind >= 12 || kind < 8) {
                double v = randomValue(r, rule);
                log.add(now + " sample " + v);
                apply(engine.evaluate("p", Sample.of("m", v, now, "series", "a")));
                model.sample(v, now);
            }
            check(
                    model,
                    where + " " + rule + " after "
                            + String.join(", ", log.subList(Math.max(0, log.size() - 12), log.size())));
        }
        double clearSide = rule.clear() + (rule.direction() == Direction.ABOVE ? -0.01 : 0.01);
        Instant end = now.plus(rule.forDuration()).plus(every);
        while (!now.isAfter(end)) {
            now = now.plus(every);
            tick(model);
            apply(engine.evaluate("p", Sample.of("m", clearSide, now, "series", "a")));
            model.sample(clearSide, now);
        }
        assertThat(state.alerts().stream().filter(Alert::firing))
                .as(where + " ends resolved on the clear side")
                .isEmpty();
        return new int[] {state.alerts().size(), restarts};
    }

    void tick(Model model) {
        apply(engine.tick(now).getOrDefault("p", List.of()));
        model.tick(now);
        state.tick(now);
    }

    void check(Model model, String where) {
        List<Alert> firing = state.alerts().stream().filter(Alert::firing).toList();
        if (model.level == 0) {
            assertThat(firing).as(where).isEmpty();
        } else {
            assertThat(firing).as(where).singleElement().satisfies(a -> {
                assertThat(a.severity()).isEqualTo(model.level == 2 ? "critical" : "warning");
                assertThat(a.startsAt()).isEqualTo(model.startsAt);
            });
        }
    }

    RuleEngine newEngine(ThresholdRule rule) {
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        RuleEngine e = new RuleEngine(
                clock,
                id -> state.alerts().stream()
                        .filter(a -> a.firing() && id.equals(a.source()))
                        .toList());
        e.setRules("p", List.of(rule));
        return e;
    }

    void apply(List<PostableAlert> alerts) {
        for (PostableAlert a : alerts) state.ingest(a, "p", now);
    }

    static ThresholdRule randomRule(Random r) {
        Duration forDuration = Duration.ofSeconds(List.of(0, 0, 10, 30, 60, 120).get(r.nextInt(6)));
        Duration staleAfter = r.nextInt(4) == 0 ? Duration.ofMinutes(1 + r.nextInt(10)) : null;
        if (r.nextInt(4) == 0) { // a 0/1 metric: up or down
            return new ThresholdRule(
                    "Down", "m", Direction.BELOW, null, 0.0, 1.0, forDuration, null, null, true, null, staleAfter);
        }
        boolean above = r.nextBoolean();
        double warning = r.nextInt(10) / 10.0 + 0.5;
        double critical = warning + (above ? 1 : -1) * r.nextInt(4) / 10.0;
        int which = r.nextInt(3);
        Double w = which == 2 ? null : warning;
        Double c = which == 1 ? null : critical;
        double raise = w != null ? w : c;
        double clear = raise + (above ? -1 : 1) * r.nextInt(4) / 10.0;
        return new ThresholdRule(
                "Level",
                "m",
                above ? Direction.ABOVE : Direction.BELOW,
                w,
                c,
                clear,
                forDuration,
                null,
                null,
                true,
                null,
                staleAfter);
    }

    static double randomValue(Random r, ThresholdRule rule) {
        int k = r.nextInt(100);
        if (k < 4) return Double.NaN;
        if (rule.name().equals("Down")) return r.nextBoolean() ? 0 : 1;
        List<Double> lines = new ArrayList<>(List.of(rule.clear()));
        if (rule.warning() != null) lines.add(rule.warning());
        if (rule.critical() != null) lines.add(rule.critical());
        if (k < 50) return lines.get(r.nextInt(lines.size())) + (r.nextInt(5) - 2) / 20.0;
        return Math.round((r.nextDouble() * 3 - 0.5) * 100) / 100.0;
    }
}
