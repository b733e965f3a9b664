package io.alertrelay.command;

import io.alertrelay.alert.NoSuchAlertException;
import io.alertrelay.alert.NoSuchSilenceException;
import io.alertrelay.plugin.PluginBusyException;
import io.alertrelay.store.StoreUnavailableException;

/**
 * The one mapping from a refused command to its answers: an HTTP status and {@code error} code, and a WebSocket
 * {@code error} code (protocol v1's: {@code invalid}, {@code forbidden}, {@code not-found}, {@code unavailable}).
 * Decided by the exception's type, never by where it was thrown.
 *
 * @param retryAfter whether REST adds {@code Retry-After} (nothing was kept; sending again may work)
 */
public record Failure(int status, String restCode, String wsCode, String message, boolean retryAfter) {

    /**
     * How {@code e}, thrown while carrying out {@code action}, is answered; null when it is not a refusal.
     * {@code action} is null for work that is no operator action (a webhook delivery): its bad requests are
     * {@code bad-request}.
     */
    public static Failure of(RuntimeException e, Action action) {
        String m = e.getMessage();
        if (e instanceof Action.Forbidden) return new Failure(403, "forbidden", "forbidden", m, false);
        if (e instanceof NoSuchAlertException
                || e instanceof NoSuchSilenceException
                || e instanceof NoSuchPluginException) {
            return new Failure(404, "not-found", "not-found", m, false);
        }
        if (e instanceof PluginBusyException) return new Failure(409, "plugin-busy", "invalid", m, false);
        if (e instanceof StoreUnavailableException) {
            return new Failure(503, "store-unavailable", "unavailable", m, true);
        }
        // well formed, but the state refuses it: acking a resolved alert
        if (e instanceof IllegalStateException) return new Failure(409, "conflict", "invalid", m, false);
        if (e instanceof BadRequest b && b.code() != null) return new Failure(400, b.code(), "invalid", m, false);
        // what the decoder or the domain refuses in a request's content: a bad matcher or time, too many matchers,
        // a silence that would match everything, a comment that is not Unicode, a filter over its budget
        if (e instanceof IllegalArgumentException) {
            return new Failure(400, action == null ? "bad-request" : action.badRequestCode(), "invalid", m, false);
        }
        return null;
    }
}
