package io.alertrelay.loadtest.report;

import java.util.List;
import java.util.Map;

/**
 * One run of one scenario against one or more servers, one after the other, on this machine.
 *
 * @param machine cores, memory, load average before the run, and the clock used for latencies
 * @param ratios  relay over baseline for the headline numbers, when both servers ran
 * @param floor   the kernel floor measured before the servers ({@code --floor}), or null
 */
public record RunResult(
        String scenario,
        String description,
        String startedAt,
        Map<String, Object> machine,
        List<ServerResult> servers,
        Map<String, Double> ratios,
        FloorResult floor) {}
