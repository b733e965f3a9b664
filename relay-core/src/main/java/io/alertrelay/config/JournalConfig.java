package io.alertrelay.config;

import java.time.Duration;

/**
 * How much change history is kept for clients that resume; an entry leaves when either bound is hit.
 *
 * @param maxEntries changes kept
 * @param maxAge     oldest change kept
 */
public record JournalConfig(int maxEntries, Duration maxAge) {

    public static JournalConfig defaults() {
        return new JournalConfig(100_000, Duration.ofHours(24));
    }
}
