/**
 * The Alert Relay plugin API: the only thing a plugin depends on.
 *
 * <p>A plugin is a PF4J plugin (a zip or jar with a {@code Plugin-Id}, {@code Plugin-Version} and
 * {@code Plugin-Requires} in its manifest) that contributes {@link io.alertrelay.plugin.api.EventSource}s
 * and/or {@link io.alertrelay.plugin.api.WebhookFormat}s, each class annotated with {@code @org.pf4j.Extension}.
 * Plugins emit {@link io.alertrelay.plugin.api.Signal}s; the relay owns rules, alert state, threads, HTTP and
 * metrics. Plugins never build wire frames or touch sockets.
 *
 * <p>Compatibility: the API follows semantic versioning ({@link io.alertrelay.plugin.api.PluginApi#VERSION}).
 * A plugin declares {@code Plugin-Requires: >=1.0.0 & <2.0.0} and the relay refuses it, naming both
 * versions, when its API does not satisfy that.
 */
package io.alertrelay.plugin.api;
