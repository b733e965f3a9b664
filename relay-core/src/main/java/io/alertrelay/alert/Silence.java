package io.alertrelay.alert;

import java.time.Instant;
import java.util.List;

/**
 * A silence: alerts whose labels match every matcher carry its id in {@code silencedBy} while it is active.
 * Matchers are kept in their text form ({@code env="prod"}, {@code severity=~"critical|warning"}).
 */
public record Silence(
        String id,
        List<Matcher> matchers,
        Instant startsAt,
        Instant endsAt,
        String createdBy,
        String comment,
        Status status) {

    public enum Status {
        PENDING,
        ACTIVE,
        EXPIRED
    }

    public Silence {
        matchers = List.copyOf(matchers);
    }
}
