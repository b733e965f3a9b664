package io.alertrelay.plugin.api;

/**
 * What a source emits. The relay turns {@link Sample}s and {@link Match}es into alerts through rules, and
 * takes {@link AlertSignal}s (ready-made alerts, e.g. from a webhook) as they are.
 */
public sealed interface Signal permits Sample, Match, AlertSignal {}
