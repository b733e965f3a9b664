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
 */
public record Sample(String metric, double value, Map<String, String> labels, Instant at) implements Signal {

    public Sample {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(at, "at");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static Sample of(String metric, double value, Instant at, String... labelPairs) {
        return new Sample(metric, value, Labels.of(labelPairs), at);
    }
}
