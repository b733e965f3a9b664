/**
 * The Alert Relay plugin API: the only thing a plugin depends on.
 *
 * <p>A plugin is a zip with {@code plugin.properties} at its root ({@code plugin.id}, {@code plugin.version},
 * {@code plugin.requires}, {@code plugin.description}, {@code plugin.provider}, {@code plugin.license}) and its
 * jar and the libraries it bundles in {@code lib/}; {@code ./relay plugin new} writes a project that builds one.
 * Its classes contribute {@link io.alertrelay.plugin.api.EventSource}s and/or
 * {@link io.alertrelay.plugin.api.WebhookFormat}s, each annotated with {@code @org.pf4j.Extension}. Plugins emit
 * {@link io.alertrelay.plugin.api.Signal}s; the relay owns rules, alert state, threads, HTTP and metrics.
 * Plugins never build wire frames or touch sockets.
 *
 * <p>Compatibility: the API follows semantic versioning ({@link io.alertrelay.plugin.api.PluginApi#VERSION}).
 * A plugin declares {@code plugin.requires=>=1.0.0 & <2.0.0} and the relay refuses it, naming both versions,
 * when its API does not satisfy that. Within 1.x nothing is removed or changed: a plugin built against 1.0.0
 * loads and works unchanged.
 */
package io.alertrelay.plugin.api;
