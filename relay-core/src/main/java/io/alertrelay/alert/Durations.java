package io.alertrelay.alert;

import java.time.Duration;

/** Checks of the durations the alert state is configured with, so a bad setting fails at start, by name. */
final class Durations {

    private Durations() {}

    static Duration positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
        return d;
    }

    static Duration notNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or a positive duration, got " + d);
        }
        return d;
    }
}
