package io.alertrelay.alert;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A silence: alerts whose labels match every matcher carry its id in {@code silencedBy} while it is active.
 * Matchers are kept in their text form ({@code env="prod"}, {@code severity=~"critical|warning"}).
 *
 * @param createdBy who made it: the acting token's name, or the creator Alertmanager's API was given
 * @param person    the person who made it, as they said (a wall's "your name"), or null
 */
public record Silence(
        String id,
        List<Matcher> matchers,
        Instant startsAt,
        Instant endsAt,
        String createdBy,
        String comment,
        Status status,
        String person) {

    public enum Status {
        PENDING,
        ACTIVE,
        EXPIRED
    }

    public Silence {
        matchers = List.copyOf(matchers);
    }

    /** A new random silence id (a UUID). */
    public static String randomId() {
        return UUID.randomUUID().toString();
    }

    /** This silence with another status and times, its authorship and comment kept. */
    public Silence moved(Instant startsAt, Instant endsAt, Status status) {
        return new Silence(id, matchers, startsAt, endsAt, createdBy, comment, status, person);
    }
}
