package io.alertrelay.http;

/** Whether the relay should get traffic: false until it has started, and again from the moment it stops. */
public final class Readiness {

    private volatile String notReadyBecause = "starting";

    public void ready() {
        notReadyBecause = null;
    }

    public void notReady(String because) {
        notReadyBecause = because;
    }

    /** Null when ready; otherwise why not. */
    public String reason() {
        return notReadyBecause;
    }
}
