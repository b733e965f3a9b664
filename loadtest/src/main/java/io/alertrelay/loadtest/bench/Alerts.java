package io.alertrelay.loadtest.bench;

import io.alertrelay.alert.Alert;
import java.time.Instant;
import java.util.Map;

/** A typical alert, the size the wall sees every day: five labels, two annotations. */
final class Alerts {

    private Alerts() {}

    static Alert typical() {
        Instant t = Instant.parse("2026-11-24T21:00:05Z");
        return Alert.firing(
                        "9f2c1e7a0b3d4c55",
                        "critical",
                        Map.of(
                                "alertname",
                                "HostOutOfDiskSpace",
                                "instance",
                                "vps-01",
                                "mountpoint",
                                "/",
                                "env",
                                "prod",
                                "severity",
                                "critical"),
                        Map.of("summary", "Disk / is 96% full", "sentAtNanos", "1795640405123456789"),
                        "host-metrics",
                        t.minusSeconds(5))
                .withUpdatedAt(t)
                .withExpiresAt(t.plusSeconds(300));
    }
}
