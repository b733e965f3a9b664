package io.alertrelay.config;

import java.time.Duration;

/**
 * Alert lifecycle timings.
 *
 * @param resolveTimeout          a firing alert that is not re-sent for this long resolves by itself
 *                                (when its sender gave no end time)
 * @param resolvedRetention       how long a resolved alert stays visible before it is dropped; 0 drops it at once
 * @param expiredSilenceRetention how long an expired silence stays listed; 0 drops it at once
 */
public record AlertsConfig(Duration resolveTimeout, Duration resolvedRetention, Duration expiredSilenceRetention) {

    public static AlertsConfig defaults() {
        return new AlertsConfig(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(24));
    }
}
