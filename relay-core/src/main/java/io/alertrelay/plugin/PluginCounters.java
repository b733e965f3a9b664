package io.alertrelay.plugin;

import java.util.concurrent.atomic.AtomicLong;

/** A plugin's counters; kept by the host across restarts so the exported counters never go down. */
final class PluginCounters {
    final AtomicLong errors = new AtomicLong();
    final AtomicLong signals = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
}
