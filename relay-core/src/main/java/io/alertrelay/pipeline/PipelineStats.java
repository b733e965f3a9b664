package io.alertrelay.pipeline;

import java.util.Map;

/**
 * Numbers the metrics read without taking the pipeline's lock; refreshed after every change and tick.
 *
 * @param alertCounts firing/resolved -> severity -> count
 */
public record PipelineStats(int journalEntries, long journalOldestSeq, long journalLatestSeq,
                            Map<String, Map<String, Integer>> alertCounts, int silences) {}
