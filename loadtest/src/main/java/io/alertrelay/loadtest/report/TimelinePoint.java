package io.alertrelay.loadtest.report;

import org.HdrHistogram.Histogram;

/** One second of the latency chart: seconds since the run's workers started, and that interval's latencies. */
public record TimelinePoint(double t, String step, long count, double p50Ms, double p99Ms, double maxMs) {

    public static TimelinePoint of(double t, String step, Histogram h) {
        return new TimelinePoint(
                Math.round(t * 10) / 10.0,
                step,
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0);
    }
}
