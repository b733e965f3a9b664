package io.alertrelay.auth;

import java.util.Locale;

/**
 * What a token may do. Ordered by power: each role can do what the ones before it can,
 * except that {@link #INGEST} may not read over the WebSocket.
 */
public enum Role {
    /** Reads alerts and silences. */
    VIEWER,
    /** Pushes alerts over HTTP only: Prometheus, Alertmanager, webhooks. */
    INGEST,
    /** Reads, acks, silences and pushes. */
    OPERATOR,
    /** Everything, plugin control included. */
    ADMIN;

    public boolean canRead() {
        return this != INGEST;
    }

    public boolean canIngest() {
        return this != VIEWER;
    }

    public boolean canOperate() {
        return this == OPERATOR || this == ADMIN;
    }

    public boolean canAdminister() {
        return this == ADMIN;
    }

    /** The name used in config, on the wire and in metric tags. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; the message of the exception lists the allowed names. */
    public static Role fromWireName(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) return r;
        }
        throw new IllegalArgumentException("unknown role '" + name + "': use one of viewer, ingest, operator, admin");
    }
}
