package io.alertrelay.loadtest.report;

import java.util.List;
import java.util.Map;

/**
 * Everything measured against one server in one run.
 *
 * @param connect  connections opened, failed, per second, handshake p99; failures by reason
 * @param memory   RSS and live heap before and after the bulk of the clients connected, and per connection
 * @param closes   close codes the clients saw, with counts
 * @param failures connects and resumes that failed, by reason, over the whole run (such clients are given up
 *                 on: what they missed is not counted as lost, the failure is the finding)
 * @param lost     seqs never received by a reading client, over the whole run (tail included)
 */
public record ServerResult(
        String server,
        int clients,
        Map<String, Object> connect,
        Map<String, Object> memory,
        List<StepResult> steps,
        long lost,
        long outOfOrder,
        long resets,
        Map<Integer, Integer> closes,
        Map<String, Integer> failures,
        List<TimelinePoint> timeline) {}
