package io.alertrelay.plugin.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One numeric observation, e.g. {@code disk.used.ratio = 0.93 {mountpoint="/"}}. Threshold rules name the
 * metric they watch; labels tell series apart (one alert per distinct label set).
 *
 * @param metric dotted lower-case name, e.g. {@code disk.used.ratio}; ratios are 0..1, times in seconds
 * @param labels series labels; the relay adds {@code instance} (the host name) when absent
 * @param at     when it was observed
 * @param reason why the value is what it is, in words ("connection refused", "certificate expired 2026-11-30"),
 *               for rule templates as {@code {{ $reason }}}; null when there is nothing to say. Not a label: it
 *               may change from sample to sample without making a new series or a new alert. The relay keeps the
 *               first {@value #MAX_REASON_CHARS} characters. Since API 1.2.
 */
public record Sample(String metric, double value, Map<String, String> labels, Instant at, String reason)
        implements Signal {

    /** The longest reason the relay keeps; longer ones are cut with an ellipsis. */
    public static final int MAX_REASON_CHARS = 512;

    public Sample {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(at, "at");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (reason != null && reason.length() > MAX_REASON_CHARS)
            reason = reason.substring(0, MAX_REASON_CHARS - 1) + "\u2026";
    }

    /** A sample without a reason, as API 1.0 and 1.1 made them. */
    public Sample(String metric, double value, Map<String, String> labels, Instant at) {
        this(metric, value, labels, at, null);
    }

    /** This sample with a reason for templates ({@code {{ $reason }}}). Since API 1.2. */
    public Sample withReason(String why) {
        return new Sample(metric, value, labels, at, why);
    }

    public static Sample of(String metric, double value, Instant at, String... labelPairs) {
        return new Sample(metric, value, Labels.of(labelPairs), at);
    }
}
