package io.alertrelay.pipeline;

/**
 * How a subscription started.
 *
 * @param replayed  true when the missed changes were replayed from the journal (no snapshot)
 * @param reset     true when a snapshot replaced a view the client asked to resume
 * @param frames    how many frames were queued for the client before it went live
 * @param seq       the journal seq the client is now at
 */
public record SubscribeOutcome(boolean replayed, boolean reset, int frames, long seq) {}
