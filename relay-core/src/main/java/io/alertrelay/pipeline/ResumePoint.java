package io.alertrelay.pipeline;

/** Where a reconnecting client left off: the last {@code epoch} and {@code seq} it saw. */
public record ResumePoint(String epoch, long seq) {}
