package io.alertrelay.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.auth.Tokens;
import io.alertrelay.hardening.fixtures.LinesFormat;
import io.alertrelay.plugin.TestPluginJar;
import io.alertrelay.testing.RelayProcess;
import io.alertrelay.testing.RunningProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * A relay process set up for the hostile suite (three hooks, one of each auth scheme, on the {@code lines} test
 * format; short deadlines so attacks are seconds long) with its bystanders, and the runner that puts one attack
 * between them: {@link #attack} runs it, lets the bystanders' pushes settle, reads their {@link Window}, records
 * the figures and answers six tests, one per criterion. A relay that does not serve its bystanders again within
 * 30 s of an attack is restarted, so one stall cannot hide what the later attacks do.
 */
final class HostileRelay implements AutoCloseable {

    static final String GH_SECRET = "hostile-github-secret";
    static final byte[] STD_KEY = "hostile-standard-webhooks-key-32".getBytes(StandardCharsets.UTF_8);
    static final String HOOK_TOKEN = "hostile-hook-token";
    /** The hooks' own rate limit (requestsPerSecond): the good sender stays well under it. */
    static final int HOOK_RATE = 20;
    /** limits.requestBodyTimeout for the suite (the default is 10 s), set by environment so today's code starts. */
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);
    /** limits.requestHeaderTimeout and limits.authTimeout for the suite (defaults 10 s and 5 s). */
    static final Duration HEAD_TIMEOUT = Duration.ofSeconds(2);

    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(2);

    private static final AtomicInteger PHASES = new AtomicInteger();
    private static final String BODY_TIMEOUT_ENV = "RELAY_LIMITS_REQUEST_BODY_TIMEOUT";

    private final Path dir;
    private final String label;
    private final boolean jsonLogs;
    private boolean bodyTimeoutKnown = true;
    private volatile boolean lastReachedCap;
    private RelayProcess process;
    private ProcessBystanders bystanders;

    private HostileRelay(Path dir, String label, boolean jsonLogs) {
        this.dir = dir;
        this.label = label;
        this.jsonLogs = jsonLogs;
    }

    /** Starts the relay (text logs, or JSON logs) and its bystanders. */
    static HostileRelay start(Path dir, String label, boolean jsonLogs) {
        HostileRelay r = new HostileRelay(dir, label, jsonLogs);
        r.launch();
        return r;
    }

    private void launch() {
        try {
            Path data = dir.resolve("data");
            TestPluginJar.write(data.resolve("plugins"), "test-formats", ">=1.0.0 & <2.0.0", LinesFormat.class);
            String yaml = "limits:\n  requestHeaderTimeout: " + HEAD_TIMEOUT.toSeconds() + "s\n  authTimeout: "
                    + AUTH_TIMEOUT.toSeconds() + "s\n"
                    + "plugins:\n  webhooks:\n    hooks:\n"
                    + "      - {name: gh, format: lines, hmacSecretEnv: HOSTILE_GH_SECRET, requestsPerSecond: "
                    + HOOK_RATE + "}\n"
                    + "      - {name: std, format: lines, standardWebhooksSecretEnv: HOSTILE_STD_SECRET,"
                    + " requestsPerSecond: " + HOOK_RATE + "}\n"
                    + "      - {name: bearer, format: lines, tokenSha256: \"" + Tokens.sha256Hex(HOOK_TOKEN)
                    + "\", requestsPerSecond: " + HOOK_RATE + "}\n";
            Map<String, String> env = new HashMap<>(Map.of(
                    "HOSTILE_GH_SECRET",
                    GH_SECRET,
                    "HOSTILE_STD_SECRET",
                    "whsec_" + Base64.getEncoder().encodeToString(STD_KEY),
                    "RELAY_LOG_FORMAT",
                    jsonLogs ? "json" : "text"));
            if (bodyTimeoutKnown) env.put(BODY_TIMEOUT_ENV, BODY_TIMEOUT.toSeconds() + "s");
            try {
                process = RelayProcess.start(dir, data, RunningProgram.freeLoopbackPort(), yaml, env);
            } catch (IllegalStateException e) {
                if (!bodyTimeoutKnown || !String.valueOf(e.getMessage()).contains(BODY_TIMEOUT_ENV)) throw e;
                // a relay from before the fix has no body deadline at all: run the attacks against it without one
                bodyTimeoutKnown = false;
                HostileTally.note(label + ": this relay has no limits.requestBodyTimeout (it refused "
                        + BODY_TIMEOUT_ENV + "); started without it");
                launch();
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bystanders = ProcessBystanders.start(process.base(), 2);
    }

    String base() {
        return process.base();
    }

    int port() {
        return process.port();
    }

    URI wsUri() {
        return URI.create(base().replaceFirst("^http", "ws") + "/ws");
    }

    /** Everything the relay process printed (stdout and stderr, one entry per line) since it started. */
    List<String> output() {
        return process.output();
    }

    ProcessBystanders bystanders() {
        return bystanders;
    }

    /** The relay process's resident memory (VmRSS), in KiB. */
    long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException gone) {
            // the process is gone
        }
        return -1;
    }

    /**
     * Runs one attack between the bystanders and answers its tests: the relay's answer to the attack, then each
     * of the pass criteria on its own, then honest health.
     */
    DynamicContainer attack(String name, Attack.Body body) {
        String phase = "p" + PHASES.incrementAndGet();
        ProcessBystanders b = bystanders;
        Attack a = new Attack(name, phase, b);
        b.phase(phase);
        long start = System.nanoTime();
        try {
            body.run(a);
        } catch (Throwable t) {
            a.contract.fail("the attack could not be carried out: " + t, t);
        }
        long end = System.nanoTime();
        a.finish();
        b.phase(phase + "-after");
        b.settle(phase, ProcessBystanders.CAP.plusSeconds(5));
        boolean recovered = process.isAlive() && b.recovered(Duration.ofSeconds(30));
        // once the relay serves again, what it accepted during the attack must have reached the walls by now
        if (recovered) b.settle(phase, Duration.ofSeconds(5));
        Window w = new Window(b, phase, start, end);
        long cap = ProcessBystanders.CAP.toMillis();
        lastReachedCap =
                a.stoppedAtCap() || w.worstPushMs >= cap || w.worstDeliveryMs >= cap || w.worstMetricsMs >= cap;
        String note = recovered ? "" : restart(name);
        List<String> failed = new ArrayList<>();
        if (!a.contract.errorsCollected().isEmpty()) failed.add("answer");
        if (!w.pushFailures.isEmpty()) failed.add("push");
        if (!w.deliveryFailures.isEmpty()) failed.add("delivery");
        if (!w.metricsFailures.isEmpty()) failed.add("metrics");
        if (!w.lost.isEmpty()) failed.add("lost");
        if (!w.health.isEmpty()) failed.add("health");
        HostileTally.record(new HostileTally.Row(
                label,
                name,
                a.size() + "; " + a.held(),
                w.pushes + (w.skipped > 0 ? " +" + w.skipped : ""),
                Window.ms(w.worstPushMs),
                Window.ms(w.worstDeliveryMs),
                Window.ms(w.worstMetricsMs),
                w.readyz,
                w.healthz,
                a.outcomes(),
                String.join(" ", failed),
                note));
        return DynamicContainer.dynamicContainer(
                name,
                List.of(
                        test("the relay's answer to the attack: " + a.outcomes(), () -> a.contract.assertAll()),
                        test(
                                "bystander pushes answered 2xx in under 1 s (worst " + Window.ms(w.worstPushMs) + ")",
                                () -> assertThat(w.pushFailures)
                                        .as("bystander pushes during " + name)
                                        .isEmpty()),
                        test(
                                "bystander alerts on every wall in under 1 s (worst " + Window.ms(w.worstDeliveryMs)
                                        + ")",
                                () -> assertThat(w.deliveryFailures)
                                        .as("deliveries to the walls during " + name)
                                        .isEmpty()),
                        test(
                                "/metrics answered in under 1 s (worst " + Window.ms(w.worstMetricsMs) + ")",
                                () -> assertThat(w.metricsFailures)
                                        .as("/metrics during " + name)
                                        .isEmpty()),
                        test(
                                "nothing accepted was lost",
                                () -> assertThat(w.lost)
                                        .as("accepted pushes lost during " + name)
                                        .isEmpty()),
                        test(
                                "/readyz said 503 while pushes waited over 5 s (seen: " + w.readyz + ")",
                                () -> assertThat(w.health)
                                        .as("health endpoints during " + name)
                                        .isEmpty())));
    }

    /** Whether a bystander of the last attack run waited the cap (10 s) for something, during it or after it. */
    boolean lastAttackReachedCap() {
        return lastReachedCap;
    }

    /** An attack not run: its tests are reported skipped, with the reason, and the table says so. */
    DynamicContainer skipped(String name, String why) {
        HostileTally.record(new HostileTally.Row(label, name, "-", "0", "-", "-", "-", "-", "-", "not run", "", why));
        return DynamicContainer.dynamicContainer(name, List.of(test("not run", () -> Assumptions.abort(why))));
    }

    private static DynamicNode test(String name, org.junit.jupiter.api.function.Executable check) {
        return DynamicTest.dynamicTest(name, check);
    }

    /** After an attack the relay did not recover from within 30 s: a new relay for the attacks after it. */
    private String restart(String attack) {
        String why = process.isAlive()
                ? "the relay did not serve its bystanders again within 30 s after this attack"
                : "the relay process died during this attack";
        HostileTally.note(label + ": " + why + " (\"" + attack + "\"); restarted");
        bystanders.close();
        process.close();
        launch();
        return why + "; it was restarted for the attacks after it";
    }

    @Override
    public void close() {
        if (bystanders != null) bystanders.close();
        if (process != null) process.close();
    }
}
