package io.alertrelay.alert;

import java.time.Instant;
import java.util.List;

/**
 * A silence as a client asks for it, new or as a change to one: what the alert state checks and turns into a
 * {@link Silence}.
 *
 * @param startsAt  null for now (a start in the past also counts as now)
 * @param createdBy who asks: the acting token's name, or the creator Alertmanager's API was given
 * @param person    the person who asks, as they said, or null
 * @param comment   null for none
 */
public record SilenceRequest(
        List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String person, String comment) {

    public SilenceRequest {
        // null stays null: checking the request says what to give instead
        if (matchers != null) matchers = List.copyOf(matchers);
    }
}
