package io.alertrelay.plugin.api;

/** A webhook body this format cannot read; the message goes back to the sender with a 400. */
public final class WebhookFormatException extends Exception {
    public WebhookFormatException(String message) {
        super(message);
    }

    public WebhookFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
