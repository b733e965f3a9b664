package io.alertrelay.alert;

/** What the alert state emits for the journal and hub: one alert or one silence that changed. */
public sealed interface Change {
    record AlertChanged(Alert alert) implements Change {}

    record SilenceChanged(Silence silence) implements Change {}
}
