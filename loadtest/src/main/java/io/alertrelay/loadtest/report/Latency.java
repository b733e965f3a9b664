package io.alertrelay.loadtest.report;

import org.HdrHistogram.Histogram;

/** Ingest-to-client latency of one step, in milliseconds (recorded in microseconds). */
public record Latency(long count, double p50, double p90, double p99, double p999, double max) {

    public static Latency of(Histogram h) {
        if (h == null || h.getTotalCount() == 0) return new Latency(0, 0, 0, 0, 0, 0);
        return new Latency(
                h.getTotalCount(),
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()));
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
