package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.alert.Change.AlertChanged;
import io.alertrelay.alert.Change.SilenceChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of every operation over a small label space (so alerts collide, silences overlap and
 * retention kicks in), checking after each step what clients rely on: what they were told equals what the
 * server holds, nothing is told twice, and every alert obeys its invariants. A failure prints the seed and
 * the operations that led to it.
 */
class AlertStatePropertyTest {

    private static final Instant T0 = Instant.parse("2026-11-24T21:00:00Z");
    private static final List<String> MATCHER_POOL = List.of(
            "alertname=A",
            "alertname!=A",
            "alertname=~\"A|B\"",
            "alertname!~B",
            "env=prod",
            "env!=prod",
            "env=\"\"",
            "env!=\"\"",
            "env=~\"prod|dev\"",
            "env!~\".+\"",
            "severity=critical",
            "severity=\"\"",
            "severity=~\"crit.*\"");

    @Test
    void randomOperationSequencesKeepEveryInvariant() {
        Map<String, Integer> seen = new HashMap<>();
        for (long seed = 0; seed < 50; seed++) {
            new Run(seed, seen).go(300);
        }
        // the runs must reach the states worth checking, or the invariants above prove little
        assertThat(seen)
                .as("situations reached")
                .allSatisfy((what, count) -> assertThat(count).as(what).isGreaterThan(20));
        assertThat(seen)
                .containsKeys(
                        "new alert",
                        "re-fire",
                        "resolved by push",
                        "resolved by tick",
                        "acked",
                        "unacked",
                        "silenced",
                        "unsilenced",
                        "pending silence",
                        "silence started",
                        "silence expired",
                        "alert dropped",
                        "silence dropped",
                        "refused");
    }

    private static final class Run {
        final long seed;
        final Random random;
        final AlertState state;
        final List<String> log = new ArrayList<>();
        final Map<String, Alert> toldAlerts = new HashMap<>();
        final Map<String, Silence> toldSilences = new HashMap<>();
        final List<String> silenceIdsSeen = new ArrayList<>();
        final Map<String, Integer> seen;
        Instant now = T0;
        String op = "";

        Run(long seed, Map<String, Integer> seen) {
            this.seen = seen;
            this.seed = seed;
            this.random = new Random(seed);
            AtomicInteger ids = new AtomicInteger();
            // short durations so that timeouts, retention and silence windows all happen within a run
            this.state = new AlertState(
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(10),
                    () -> "s" + String.format("%03d", ids.incrementAndGet()));
        }

        void go(int steps) {
            for (int step = 0; step < steps; step++) {
                now = now.plusSeconds(random.nextInt(5) == 0 ? 0 : random.nextInt(120));
                Map<String, List<?>> before =
                        Map.of("a", List.copyOf(state.alerts()), "s", List.copyOf(state.silences()));
                List<Change> changes;
                try {
                    changes = step();
                } catch (NoSuchAlertException
                        | NoSuchSilenceException
                        | IllegalStateException
                        | IllegalArgumentException e) {
                    log.add("  -> " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    if (!before.equals(Map.of("a", List.copyOf(state.alerts()), "s", List.copyOf(state.silences())))) {
                        fail("a refused operation changed the state");
                    }
                    changes = List.of();
                    saw("refused");
                }
                verify(changes);
            }
        }

        private List<String> tail() {
            return log.subList(Math.max(0, log.size() - 25), log.size());
        }

        private void fail(String what) {
            org.assertj.core.api.Assertions.fail(
                    "seed " + seed + ": " + what + "\nafter:\n" + String.join("\n", tail()));
        }

        private Map<String, String> randomLabels() {
            Map<String, String> labels = new HashMap<>();
            labels.put("alertname", random.nextBoolean() ? "A" : "B");
            int env = random.nextInt(3);
            if (env > 0) labels.put("env", env == 1 ? "prod" : "dev");
            if (random.nextBoolean()) labels.put("severity", "critical");
            return labels;
        }

        private String randomFingerprint() {
            List<Alert> alerts = List.copyOf(state.alerts());
            if (alerts.isEmpty() || random.nextInt(8) == 0) return "0000000000000000";
            return alerts.get(random.nextInt(alerts.size())).fingerprint();
        }

        private List<Change> step() {
            int dice = random.nextInt(100);
            if (dice < 35) {
                Map<String, String> labels = randomLabels();
                Instant startsAt = random.nextBoolean() ? null : now.minusSeconds(random.nextInt(600));
                Instant endsAt = random.nextInt(3) == 0 ? now.plusSeconds(1 + random.nextInt(600)) : null;
                Map<String, String> ann = random.nextBoolean() ? Map.of() : Map.of("summary", "v" + random.nextInt(2));
                String source = random.nextInt(4) == 0 ? "q" : "p";
                op = "ingest";
                log.add(now + " ingest firing " + labels + " " + ann + " start=" + startsAt + " end=" + endsAt);
                return state.ingest(new PostableAlert(labels, ann, startsAt, endsAt, null), source, now);
            } else if (dice < 50) {
                Map<String, String> labels = randomLabels();
                Instant endsAt = now.minusSeconds(random.nextInt(300));
                Instant startsAt = random.nextBoolean() ? null : endsAt.minusSeconds(random.nextInt(600));
                op = "ingest";
                log.add(now + " ingest resolved " + labels + " start=" + startsAt + " end=" + endsAt);
                return state.ingest(new PostableAlert(labels, Map.of(), startsAt, endsAt, null), "p", now);
            } else if (dice < 60) {
                String fp = randomFingerprint();
                op = "ack";
                log.add(now + " ack " + fp);
                return expectAckOutcome(fp, () -> state.ack(fp, random.nextBoolean() ? "ana" : "bo", "c", now));
            } else if (dice < 66) {
                String fp = randomFingerprint();
                op = "unack";
                log.add(now + " unack " + fp);
                return expectAckOutcome(fp, () -> state.unack(fp, now));
            } else if (dice < 76) {
                List<Matcher> matchers = new ArrayList<>();
                int n = 1 + random.nextInt(2);
                for (int i = 0; i < n; i++) {
                    matchers.add(Matcher.parse(MATCHER_POOL.get(random.nextInt(MATCHER_POOL.size()))));
                }
                Instant startsAt = random.nextBoolean() ? null : now.plusSeconds(random.nextInt(600) - 120);
                Instant endsAt = now.plusSeconds(random.nextInt(1200) - 60);
                op = "addSilence";
                log.add(now + " addSilence " + matchers + " start=" + startsAt + " end=" + endsAt);
                boolean valid = matchers.stream().anyMatch(m -> !m.matches(null))
                        && endsAt.isAfter(startsAt == null || startsAt.isBefore(now) ? now : startsAt);
                try {
                    List<Change> changes =
                            state.addSilence(new SilenceRequest(matchers, startsAt, endsAt, "ana", null, ""), now);
                    if (!valid) fail("an invalid silence was accepted");
                    silenceIdsSeen.add(
                            ((SilenceChanged) changes.get(0)).silence().id());
                    return changes;
                } catch (IllegalArgumentException e) {
                    if (valid) fail("a valid silence was refused: " + e.getMessage());
                    throw e;
                }
            } else if (dice < 82) {
                String id = silenceIdsSeen.isEmpty() || random.nextInt(6) == 0
                        ? "nope"
                        : silenceIdsSeen.get(random.nextInt(silenceIdsSeen.size()));
                op = "expireSilence";
                log.add(now + " expireSilence " + id);
                boolean known = state.silence(id).isPresent();
                try {
                    return state.expireSilence(id, now);
                } catch (NoSuchSilenceException e) {
                    if (known) fail("a held silence was reported unknown");
                    throw e;
                }
            } else {
                op = "tick";
                log.add(now + " tick");
                List<Change> changes = state.tick(now);
                verifyTicked();
                return changes;
            }
        }

        private List<Change> expectAckOutcome(String fp, java.util.function.Supplier<List<Change>> op) {
            var held = state.alert(fp);
            try {
                return op.get();
            } catch (NoSuchAlertException e) {
                if (held.isPresent()) fail("a held alert was reported unknown");
                throw e;
            } catch (IllegalStateException e) {
                if (held.isEmpty() || held.get().firing()) fail("only resolved alerts may refuse an ack");
                throw e;
            }
        }

        private void verify(List<Change> changes) {
            for (Change c : changes) log.add("  -> " + c);
            // order: silences first, then alerts in strictly increasing fingerprint order
            boolean seenAlert = false;
            String lastFp = null;
            for (Change c : changes) {
                if (c instanceof SilenceChanged sc) {
                    if (seenAlert) fail("a silence change came after an alert change");
                    verifySilence(sc.silence());
                    Silence before = toldSilences.get(sc.silence().id());
                    switch (sc.silence().status()) {
                        case PENDING -> saw("pending silence");
                        case ACTIVE -> saw(before == null ? "active silence" : "silence started");
                        case EXPIRED -> saw("silence expired");
                    }
                    if (sc.silence().equals(toldSilences.get(sc.silence().id()))) fail("silence told twice");
                    toldSilences.put(sc.silence().id(), sc.silence());
                } else if (c instanceof AlertChanged ac) {
                    seenAlert = true;
                    Alert a = ac.alert();
                    if (lastFp != null && a.fingerprint().compareTo(lastFp) <= 0) fail("alerts out of order");
                    lastFp = a.fingerprint();
                    verifyAlert(a);
                    if (!a.updatedAt().equals(now)) fail("updatedAt is not now: " + a);
                    Alert previous = toldAlerts.get(a.fingerprint());
                    classify(previous, a);
                    if (previous != null && AlertStateTest.sameVisible(previous, a)) {
                        fail("two identical visible states in a row for " + a.fingerprint());
                    }
                    if (!state.alert(a.fingerprint()).orElseThrow().equals(a)) fail("told alert is not the held one");
                    toldAlerts.put(a.fingerprint(), a);
                }
            }
            // what clients were told is exactly what the server holds (dropped ones were dropped by retention)
            if (toldAlerts.keySet().removeIf(fp -> state.alert(fp).isEmpty())) saw("alert dropped");
            if (toldSilences.keySet().removeIf(id -> state.silence(id).isEmpty())) saw("silence dropped");
            for (Alert held : state.alerts()) {
                verifyAlert(held);
                Alert told = toldAlerts.get(held.fingerprint());
                if (told == null || !AlertStateTest.sameVisible(told, held)) {
                    fail("a visible change was not reported: told " + told + ", held " + held);
                }
            }
            for (Silence held : state.silences()) {
                if (!held.equals(toldSilences.get(held.id()))) fail("a silence change was not reported: " + held);
            }
        }

        private void saw(String what) {
            seen.merge(what, 1, Integer::sum);
        }

        private void classify(Alert previous, Alert a) {
            if (previous == null) saw("new alert");
            else if (!previous.firing() && a.firing()) saw("re-fire");
            else if (previous.firing() && !a.firing()) saw(op.equals("tick") ? "resolved by tick" : "resolved by push");
            if (!java.util.Objects.equals(a.ack(), previous == null ? null : previous.ack())
                    && !op.equals("ack")
                    && !op.equals("unack")) {
                boolean newEpisode = previous == null || !previous.firing() && a.firing();
                if (!newEpisode || a.ack() != null) fail("the ack changed without ack/unack: " + previous + " -> " + a);
            }
            if (a.ack() != null && (previous == null || !previous.firing() && a.firing()))
                fail("a new episode kept an ack");
            if (a.ack() != null && (previous == null || previous.ack() == null)) saw("acked");
            if (a.ack() == null && previous != null && previous.ack() != null && op.equals("unack")) saw("unacked");
            if (!a.silencedBy().isEmpty()
                    && (previous == null || previous.silencedBy().isEmpty())) saw("silenced");
            if (a.silencedBy().isEmpty()
                    && previous != null
                    && !previous.silencedBy().isEmpty()) saw("unsilenced");
        }

        private void verifyAlert(Alert a) {
            if (a.firing() && a.endsAt() != null) fail("firing with an endsAt: " + a);
            if (!a.firing() && a.endsAt() == null) fail("resolved without an endsAt: " + a);
            if (a.endsAt() != null && a.endsAt().isBefore(a.startsAt())) fail("ends before it starts: " + a);
            if (a.firing() && a.expiresAt() == null) fail("firing without expiry: " + a);
            if (!a.fingerprint().equals(Fingerprint.of(a.labels()))) fail("fingerprint is not of its labels: " + a);
            if (!a.severity().equals(a.labels().getOrDefault("severity", "warning"))) fail("severity: " + a);
            List<String> expected = new ArrayList<>();
            for (Silence s : state.silences()) {
                if (s.status() == Silence.Status.ACTIVE
                        && s.matchers().stream()
                                .allMatch(m -> m.matches(a.labels().get(m.name())))) {
                    expected.add(s.id());
                }
            }
            expected.sort(null);
            if (!a.silencedBy().equals(expected)) fail("silencedBy " + a.silencedBy() + " should be " + expected);
        }

        private void verifySilence(Silence s) {
            boolean ok = switch (s.status()) {
                case PENDING -> s.startsAt().isAfter(now);
                case ACTIVE -> !s.startsAt().isAfter(now) && s.endsAt().isAfter(now);
                case EXPIRED -> !s.endsAt().isAfter(now);
            };
            if (!ok || s.endsAt().isBefore(s.startsAt())) fail("silence status does not fit its times: " + s);
        }

        private void verifyTicked() {
            for (Alert a : state.alerts()) {
                if (a.firing() && !a.expiresAt().isAfter(now)) fail("still firing past its expiry: " + a);
            }
            for (Silence s : state.silences()) {
                if (s.status() != Silencing.statusAt(s, now)) fail("silence status stale after tick: " + s);
            }
        }
    }

    @Test
    void theVisibleStateIgnoresOnlyUpdatedAtAndExpiresAt() {
        Alert a = Alert.firing("f", "warning", Map.of("a", "b"), Map.of(), "p", T0)
                .withExpiresAt(T0);
        Alert b = a.withUpdatedAt(T0.plusSeconds(1)).withExpiresAt(T0.plusSeconds(60));
        assertThat(AlertStateTest.sameVisible(a, b)).isTrue();
        assertThat(AlertStateTest.sameVisible(a, a.withAnnotations(Map.of("x", "y"))))
                .isFalse();
    }
}
