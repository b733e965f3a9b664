package io.alertrelay.hardening;

import io.alertrelay.testing.TestRelay;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a bystander push that failed leaves behind for whoever reads the failure: every thread of this JVM (the
 * relay runs in it) and the relay's own counters of refused requests and ingested alerts, written to standard error and under
 * {@code target/bystander-evidence/} at the moment the push gave up. A rare failure is then a clue, not a rerun.
 */
final class FailureEvidence {

    private FailureEvidence() {}

    /** @return where the evidence went, or why it could not be written */
    static String write(TestRelay relay, String what) {
        StringBuilder sb = new StringBuilder(what).append("\n\n");
        try {
            for (String line : relay.relay.metrics().scrape().split("\n")) {
                if (line.startsWith("relay_http_rejected") || line.startsWith("relay_alerts_ingested")) {
                    sb.append(line).append('\n');
                }
            }
        } catch (RuntimeException e) {
            sb.append("metrics: ").append(e).append('\n');
        }
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            sb.append('\n').append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
            if (t.getLockName() != null) sb.append(" on ").append(t.getLockName());
            sb.append('\n');
            for (StackTraceElement e : t.getStackTrace())
                sb.append("    at ").append(e).append('\n');
        }
        // also in the build's output: a CI run's checkout is gone by the time someone reads its log
        System.err.println("=== bystander push failure evidence ===\n" + sb + "=== end of evidence ===");
        try {
            Path dir = Files.createDirectories(Path.of("target", "bystander-evidence"));
            Path file = dir.resolve("push-failure-" + System.currentTimeMillis() + ".txt");
            Files.writeString(file, sb);
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            return "(not written: " + e + ")";
        }
    }
}
