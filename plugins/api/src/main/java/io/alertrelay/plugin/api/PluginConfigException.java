package io.alertrelay.plugin.api;

/**
 * A plugin's section of the config is wrong. The message names the full key path, the value and what is
 * allowed; the relay shows it in its log and in {@code /api/plugins} and marks the plugin failed.
 */
public final class PluginConfigException extends RuntimeException {
    public PluginConfigException(String message) {
        super(message);
    }
}
