package io.alertrelay.command;

import io.alertrelay.auth.Principal;
import io.alertrelay.auth.Role;
import java.util.function.Predicate;

/**
 * Every operator action, with its one authorisation rule (a role predicate and what a refused caller is told) and
 * the REST error code its malformed requests get. REST routes and WebSocket frames both check through here.
 */
public enum Action {
    /** Alertmanager's status and receivers: no alert in them, and pushing clients (amtool) ask for them too. */
    READ_STATUS(role -> true, "read the status", "any", "bad-request"),
    LIST_ALERTS(Role::canRead, "read alerts", Roles.VIEWER, "bad-filter"),
    LIST_SILENCES(Role::canRead, "read silences", Roles.VIEWER, "bad-request"),
    QUERY_HISTORY(Role::canRead, "read history", Roles.VIEWER, "bad-filter"),
    SUBSCRIBE(Role::canRead, "subscribe", Roles.VIEWER, "bad-filter"),
    ACK(Role::canOperate, "ack", Roles.OPERATOR, "bad-json"),
    UNACK(Role::canOperate, "unack", Roles.OPERATOR, "bad-request"),
    CREATE_SILENCE(Role::canOperate, "create silences", Roles.OPERATOR, "bad-silence"),
    UPDATE_SILENCE(Role::canOperate, "change silences", Roles.OPERATOR, "bad-silence"),
    EXPIRE_SILENCE(Role::canOperate, "expire silences", Roles.OPERATOR, "bad-request"),
    PUSH_ALERTS(Role::canIngest, "push alerts", "ingest, operator or admin", "bad-alert"),
    LIST_PLUGINS(Role::canRead, "read plugins", Roles.VIEWER, "bad-request"),
    RESTART_PLUGIN(Role::canAdminister, "restart plugins", "admin", "bad-request");

    private final Predicate<Role> allowed;
    private final String verb;
    private final String roles;
    private final String badRequestCode;

    Action(Predicate<Role> allowed, String verb, String roles, String badRequestCode) {
        this.allowed = allowed;
        this.verb = verb;
        this.roles = roles;
        this.badRequestCode = badRequestCode;
    }

    public boolean allows(Role role) {
        return allowed.test(role);
    }

    /** What a caller of {@code role} is told when this action is not theirs. */
    public String refusal(Role role) {
        return "role " + role.wireName() + " may not " + verb + ": use a token of role " + roles;
    }

    /** @throws Forbidden when {@code who}'s role may not do this */
    public void authorise(Principal who) {
        if (!allows(who.role())) throw new Forbidden(refusal(who.role()));
    }

    /** The REST {@code error} of a malformed request of this action (400), unless the decoder named another. */
    public String badRequestCode() {
        return badRequestCode;
    }

    private static final class Roles {
        static final String VIEWER = "viewer or higher";
        static final String OPERATOR = "operator or admin";
    }

    /** A valid caller whose role may not do the action: 403 {@code forbidden}, WebSocket {@code forbidden}. */
    public static final class Forbidden extends RuntimeException {
        Forbidden(String message) {
            super(message, null, false, false);
        }
    }
}
