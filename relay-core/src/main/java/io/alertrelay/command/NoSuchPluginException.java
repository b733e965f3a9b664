package io.alertrelay.command;

/** A plugin id the relay does not run: 404 {@code not-found}. */
public final class NoSuchPluginException extends RuntimeException {
    NoSuchPluginException(String id) {
        super("no plugin " + id + "; GET /api/plugins lists them", null, false, false);
    }
}
