package io.alertrelay.alert;

import java.time.Instant;

/** Who acknowledged an alert, when, and why. */
public record Ack(String by, Instant at, String comment) {}
