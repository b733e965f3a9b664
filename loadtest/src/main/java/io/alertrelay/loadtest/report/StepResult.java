package io.alertrelay.loadtest.report;

import java.util.Map;

/**
 * What one step measured.
 *
 * @param deliveries       alert frames received by reading clients during the step
 * @param deliveriesPerSec deliveries divided by the time from the first push to the last frame received
 * @param roundsPerSec     for delivery rounds ({@code awaitEach}): the median of each round's rate
 * @param serverCpu        server CPU time over the step's wall time (1.0 = one core busy)
 * @param harnessCpu       the same for the workers and the coordinator together
 * @param loadAverage      the machine's 1-minute load average when the step ended
 * @param extra            what only this kind of step measures (storm: resumedMs, replayed, resets, ...)
 */
public record StepResult(
        String name,
        String kind,
        double seconds,
        long deliveries,
        double deliveriesPerSec,
        double roundsPerSec,
        Latency latency,
        long lost,
        long outOfOrder,
        double serverCpu,
        double harnessCpu,
        double loadAverage,
        Map<String, Object> extra) {}
