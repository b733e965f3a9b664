package io.alertrelay.plugin;

/** A plugin cannot be restarted now: a thread of an earlier start still runs (its message says which). */
public final class PluginBusyException extends RuntimeException {
    public PluginBusyException(String message) {
        super(message);
    }
}
