package io.alertrelay.command;

import io.alertrelay.alert.AlertFilter;
import io.alertrelay.alert.Matcher;
import io.alertrelay.pipeline.ResumePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One decoded operator request, whichever front door it came through; each names its {@link Action}. */
public sealed interface Command {

    Action action();

    /**
     * @param person    who acked, as they said (a wall remembers it), or null: the ack names only the token
     * @param expiresIn how long the ack lasts; null: {@code alerts.ackExpiry}; {@link #NEVER}: until un-acked
     */
    record Ack(String fingerprint, String comment, String person, Duration expiresIn) implements Command {

        /** An ack that lasts until the alert resolves or someone un-acks it, whatever alerts.ackExpiry says. */
        public static final Duration NEVER = Duration.ZERO;

        public Ack(String fingerprint, String comment) {
            this(fingerprint, comment, null, null);
        }

        public Action action() {
            return Action.ACK;
        }
    }

    record Unack(String fingerprint) implements Command {
        public Action action() {
            return Action.UNACK;
        }
    }

    /**
     * @param startsAt  null for now
     * @param createdBy null for the acting token's name (only Alertmanager's API lets a client name the creator)
     * @param person    who made it, as they said (a wall remembers it), or null
     */
    record CreateSilence(
            List<Matcher> matchers, Instant startsAt, Instant endsAt, String comment, String createdBy, String person)
            implements Command {
        public CreateSilence {
            matchers = List.copyOf(matchers);
        }

        public Action action() {
            return Action.CREATE_SILENCE;
        }
    }

    /**
     * A change to silence {@code id}: the whole silence as it should be ({@code startsAt} null for "keep",
     * {@code createdBy} null for the acting token's name, {@code person} null for none).
     */
    record UpdateSilence(
            String id,
            List<Matcher> matchers,
            Instant startsAt,
            Instant endsAt,
            String comment,
            String createdBy,
            String person)
            implements Command {
        public UpdateSilence {
            matchers = List.copyOf(matchers);
        }

        public Action action() {
            return Action.UPDATE_SILENCE;
        }
    }

    record ExpireSilence(String id) implements Command {
        public Action action() {
            return Action.EXPIRE_SILENCE;
        }
    }

    /** @param since null for a fresh snapshot */
    record Subscribe(AlertFilter filter, ResumePoint since) implements Command {
        public Action action() {
            return Action.SUBSCRIBE;
        }
    }

    /** @param status {@code firing}, {@code resolved}, or null for both */
    record ListAlerts(AlertFilter filter, String status) implements Command {
        public Action action() {
            return Action.LIST_ALERTS;
        }
    }

    /**
     * Alertmanager's alert query: firing alerts that pass {@code filter}, without the active ones unless
     * {@code active}, the silenced ones unless {@code silenced}, the inhibited ones unless {@code inhibited}, and
     * only those whose receiver matches {@code receiver} (a fully anchored regex on the one receiver; null for any).
     */
    record ListAmAlerts(AlertFilter filter, boolean active, boolean silenced, boolean inhibited, Matcher receiver)
            implements Command {
        public Action action() {
            return Action.LIST_ALERTS;
        }
    }

    /** Silences having every one of {@code having} among their own matchers (Alertmanager's silence filter). */
    record ListSilences(List<Matcher> having) implements Command {
        public ListSilences {
            having = List.copyOf(having);
        }

        public Action action() {
            return Action.LIST_SILENCES;
        }
    }

    record QueryHistory(AlertFilter filter, int limit) implements Command {
        public Action action() {
            return Action.QUERY_HISTORY;
        }
    }

    record ListPlugins() implements Command {
        public Action action() {
            return Action.LIST_PLUGINS;
        }
    }

    record RestartPlugin(String id) implements Command {
        public Action action() {
            return Action.RESTART_PLUGIN;
        }
    }
}
