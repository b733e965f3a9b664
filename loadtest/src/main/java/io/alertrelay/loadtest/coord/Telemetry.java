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
 * histogram in one step on its own thread, so no sample is counted twice or lost between intervals. With a
 * cluster it also keeps each node's part of the step (worker {@code w} is node {@code w % nodes}): the clients of
 * the node alerts go into against those that get them through Redis.
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
    private final int nodes;
    private Histogram step;
    private Histogram[] stepByNode;
    private String stepName = "connect";

    Telemetry(WorkerPool pool, int nodes) {
        this.pool = pool;
        this.nodes = nodes;
        timer.scheduleAtFixedRate(this::poll, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts collecting into a fresh histogram for the named step. */
    synchronized void beginStep(String name) {
        poll();
        step = new Histogram(60_000_000L, 3);
        stepByNode = new Histogram[nodes];
        for (int i = 0; i < nodes; i++) stepByNode[i] = new Histogram(60_000_000L, 3);
        stepName = name;
    }

    /** The step's histogram and each node's part of it. */
    record StepLatency(Histogram all, List<Histogram> byNode) {}

    /** Ends the step: its histograms, with everything recorded up to now. */
    synchronized StepLatency endStep() {
        poll();
        StepLatency s = new StepLatency(step, List.of(stepByNode));
        step = null;
        stepByNode = null;
        stepName = "between steps";
        return s;
    }

    synchronized List<TimelinePoint> timeline() {
        return List.copyOf(timeline);
    }

    private synchronized void poll() {
        try {
            WorkerPool.Aggregate a = pool.snapshot(-1, true);
            Histogram h = new Histogram(60_000_000L, 3);
            for (int w = 0; w < a.parts().size(); w++) {
                Histogram part = a.parts().get(w).latencyHistogram();
                h.add(part);
                if (stepByNode != null) stepByNode[w % nodes].add(part);
            }
            if (step != null) step.add(h);
            if (h.getTotalCount() > 0) {
                timeline.add(TimelinePoint.of((System.nanoTime() - startNanos) / 1e9, stepName, h));
            }
        } catch (RuntimeException e) {
            System.err.println("telemetry: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
