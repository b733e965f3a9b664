package io.alertrelay.loadtest.coord;

import io.alertrelay.loadtest.report.TimelinePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Once a second, collects every worker's latency histogram for the last interval: one point of the latency
 * chart, and a part of the histogram of whichever step is running. Each worker hands over and resets its
 * histogram in one step on its own thread, so no sample is counted twice or lost between intervals.
 */
final class Telemetry implements AutoCloseable {

    private final WorkerPool pool;
    private final long startNanos = System.nanoTime();
    private final List<TimelinePoint> timeline = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "telemetry");
        t.setDaemon(true);
        return t;
    });
    private Histogram step;
    private String stepName = "connect";

    Telemetry(WorkerPool pool) {
        this.pool = pool;
        timer.scheduleAtFixedRate(this::poll, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts collecting into a fresh histogram for the named step. */
    synchronized void beginStep(String name) {
        poll();
        step = new Histogram(60_000_000L, 3);
        stepName = name;
    }

    /** Ends the step: its histogram, with everything recorded up to now. */
    synchronized Histogram endStep() {
        poll();
        Histogram h = step;
        step = null;
        stepName = "between steps";
        return h;
    }

    synchronized List<TimelinePoint> timeline() { return List.copyOf(timeline); }

    private synchronized void poll() {
        try {
            Histogram h = pool.snapshot(-1, true).latency();
            if (step != null) step.add(h);
            if (h.getTotalCount() > 0) {
                timeline.add(TimelinePoint.of((System.nanoTime() - startNanos) / 1e9, stepName, h));
            }
        } catch (RuntimeException e) {
            System.err.println("telemetry: " + e.getMessage());
        }
    }

    @Override
    public void close() { timer.shutdownNow(); }
}
