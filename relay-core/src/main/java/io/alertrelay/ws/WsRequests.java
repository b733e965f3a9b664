package io.alertrelay.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.alert.Silence;
import io.alertrelay.auth.AuthResult;
import io.alertrelay.auth.Principal;
import io.alertrelay.command.Action;
import io.alertrelay.command.Command;
import io.alertrelay.command.Decoder;
import io.alertrelay.command.Failure;
import io.alertrelay.command.Operations;
import io.alertrelay.limit.TokenBucket;
import io.alertrelay.logging.LogText;
import io.alertrelay.pipeline.ResumePoint;
import io.alertrelay.pipeline.SubscribeOutcome;
import io.alertrelay.wire.CloseCodes;
import io.alertrelay.wire.WireCodec;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket adapter of the command layer: protocol v1 frames of one session become {@link Command}s (decoded
 * by {@link Decoder}, refused as {@link Failure} maps it), plus what only a socket has: auth, ping, bad frames.
 */
final class WsRequests {

    private static final Logger log = LoggerFactory.getLogger(WsRequests.class);
    /** Unparseable or unknown-type frames in a row that end the connection with 4400. */
    static final int MAX_BAD_IN_A_ROW = 5;

    private final WsSession session;
    private final WsContext ctx;
    private int badInARow;
    /** Created at the first subscribe: most sessions subscribe once, and a session that never does costs nothing. */
    private TokenBucket subscribes;

    /**
     * This session's store-writing requests, off the I/O thread and in order. Made at the first one: most
     * sessions (walls that only read) never write, and an idle session should cost as little as possible.
     */
    private SerialTasks writes;

    WsRequests(WsSession session, WsContext ctx) {
        this.session = session;
        this.ctx = ctx;
    }

    /** A refusal that answers the client with an {@code error} frame and keeps the connection. */
    private static final class Refused extends RuntimeException {
        /** The relay_frames_rejected_total reason. */
        final String reason;
        /** The error frame's code. */
        final String code;

        Refused(String code, String message) {
            this(code, code, message);
        }

        Refused(String reason, String code, String message) {
            super(message, null, false, false);
            this.reason = reason;
            this.code = code;
        }
    }

    void handle(String text) {
        // while a store write of this session is pending, everything after it waits in line behind it
        if (writes != null && writes.submitIfBusy(() -> process(text, true))) return;
        process(text, false);
    }

    /** A binary frame: a bad frame, answered in its turn like any other. */
    void binaryFrame() {
        Runnable bad = () -> badFrame("binary", "binary frames are not part of the protocol: send JSON in text frames");
        if (writes != null && writes.submitIfBusy(bad)) return;
        bad.run();
    }

    /** @param inLine whether this runs in the session's write line already (then nothing is queued again) */
    private void process(String text, boolean inLine) {
        JsonNode msg;
        try {
            msg = WireCodec.mapper().readTree(text);
        } catch (Exception e) {
            badFrame(
                    "malformed",
                    "not valid JSON (" + Decoder.firstLine(e.getMessage()) + "): send one JSON object per frame");
            return;
        }
        if (msg == null || !msg.isObject()) {
            badFrame("malformed", "a frame must be one JSON object, like {\"type\":\"ping\",\"id\":\"1\"}");
            return;
        }
        String type = msg.path("type").asText("");
        String id = msg.hasNonNull("id") ? msg.get("id").asText() : null;
        if (!isKnownType(type)) {
            badFrame(
                    "unknown-type",
                    type.isEmpty()
                            ? "the frame has no \"type\": use auth, subscribe, ack, unack, silence, expire-silence or"
                                    + " ping"
                            : "unknown type \"" + type
                                    + "\": use auth, subscribe, ack, unack, silence, expire-silence or ping");
            return;
        }
        badInARow = 0;
        if (!inLine && writesToStore(type)) {
            // only the I/O thread gets here (inLine is false), so this lazy start needs no lock
            if (writes == null) writes = new SerialTasks(session.channel.getWorker());
            writes.submit(() -> answer(type, msg, id));
        } else {
            answer(type, msg, id);
        }
    }

    private static boolean writesToStore(String type) {
        return type.equals("ack") || type.equals("unack") || type.equals("silence") || type.equals("expire-silence");
    }

    /** Runs the request and answers it: its result ({@code done}, {@code pong}, ...) or an {@code error}. */
    private void answer(String type, JsonNode msg, String id) {
        try {
            dispatch(type, msg, id);
        } catch (Refused r) {
            ctx.metrics().frameRejected(r.reason);
            session.send(WireCodec.error(r.code, r.getMessage(), id));
        } catch (RuntimeException e) {
            Failure f = Failure.of(e, actionOf(type, msg));
            if (f == null) throw e;
            ctx.metrics().frameRejected(f.wsCode());
            session.send(WireCodec.error(f.wsCode(), f.message(), id));
        }
    }

    /** The frames that carry an operator command, and which. */
    private static final Map<String, Action> ACTIONS = Map.of(
            "subscribe",
            Action.SUBSCRIBE,
            "ack",
            Action.ACK,
            "unack",
            Action.UNACK,
            "silence",
            Action.CREATE_SILENCE,
            "expire-silence",
            Action.EXPIRE_SILENCE);

    /** The action a frame asks for: a {@code silence} that names a {@code silenceId} changes that silence. */
    private static Action actionOf(String type, JsonNode msg) {
        if (type.equals("silence") && msg.hasNonNull("silenceId")) return Action.UPDATE_SILENCE;
        return ACTIONS.getOrDefault(type, Action.SUBSCRIBE);
    }

    private static boolean isKnownType(String type) {
        return switch (type) {
            case "auth", "subscribe", "ack", "unack", "silence", "expire-silence", "ping" -> true;
            default -> false;
        };
    }

    /** An unparseable, unknown-type or binary frame: an error frame, and after five in a row, 4400. */
    void badFrame(String reason, String message) {
        ctx.metrics().frameRejected(reason);
        badInARow++;
        if (badInARow >= MAX_BAD_IN_A_ROW) {
            session.close(CloseCodes.BAD_MESSAGE, MAX_BAD_IN_A_ROW + " bad frames in a row; last: " + message);
        } else {
            session.send(WireCodec.error("bad-message", message, null));
        }
    }

    private void dispatch(String type, JsonNode msg, String id) {
        if (type.equals("ping")) {
            session.send(WireCodec.pong(id));
            return;
        }
        if (type.equals("auth")) {
            auth(msg);
            return;
        }
        Principal who = session.principal();
        if (who == null) {
            ctx.metrics().frameRejected("unauthenticated");
            session.close(CloseCodes.UNAUTHORIZED, "authenticate first: send {\"type\":\"auth\",\"token\":\"...\"}");
            return;
        }
        // the role first: a refused caller's fields are not even read
        actionOf(type, msg).authorise(who);
        Operations ops = ctx.ops();
        Decoder decode = ops.decoder();
        switch (type) {
            case "subscribe" -> subscribe(who, msg);
            case "ack" -> {
                ops.ack(who, decode.ack(msg));
                done(id, null);
            }
            case "unack" -> {
                ops.unack(decode.unack(msg));
                done(id, null);
            }
            case "silence" -> {
                // with silenceId, a change to that silence; the ok names the silence that holds now
                String silenceId =
                        msg.hasNonNull("silenceId") ? msg.path("silenceId").asText() : null;
                Silence s = silenceId == null
                        ? ops.createSilence(who, decode.silence(msg))
                        : ops.updateSilence(who, decode.updateSilence(silenceId, msg));
                done(id, s.id());
            }
            case "expire-silence" -> {
                ops.expireSilence(decode.expireSilence(msg));
                done(id, null);
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        }
    }

    private void auth(JsonNode msg) {
        if (session.principal() != null) {
            throw new Refused(
                    "invalid", "already authenticated as " + session.principal().name());
        }
        AuthResult r = ctx.tokens().check(msg.path("token").asText(""));
        if (!r.accepted()) {
            ctx.metrics().frameRejected("unauthorized");
            session.close(CloseCodes.UNAUTHORIZED, r.problem());
            return;
        }
        WsEndpoint.welcome(session, r.principal(), ctx, "frame");
    }

    private void subscribe(Principal who, JsonNode msg) {
        withinSubscribeRate();
        Command.Subscribe c = ctx.ops().decoder().subscribe(msg);
        ResumePoint since = c.since();
        session.filter(c.filter());
        SubscribeOutcome out = ctx.pipeline().subscribe(session, since);
        String outcome = out.replayed() ? "replayed" : out.reset() ? "reset" : "snapshot";
        ctx.metrics().resume(outcome);
        if (since != null) {
            // the epoch is the client's: any string, escaped and cut (LogText)
            log.info(
                    "ws resume ip={} who={} since={}/{} outcome={} frames={}",
                    session.remoteIp,
                    LogText.value(who.name()),
                    LogText.value(since.epoch()),
                    since.seq(),
                    outcome,
                    out.frames());
        }
    }

    /**
     * Each subscribe replaces the filter and costs a snapshot of every matching alert (or a replay): bounded per
     * minute, so a client looping on subscribe cannot make the relay encode snapshots at framesPerSecond. Counted
     * before the request is parsed, so a refused one costs nothing; the current subscription stays as it was.
     */
    private void withinSubscribeRate() {
        long now = System.nanoTime();
        int perMinute = ctx.limits().subscribesPerMinute();
        if (subscribes == null) subscribes = TokenBucket.perMinute(perMinute, now);
        if (subscribes.tryAcquire(now)) return;
        throw new Refused(
                "subscribe-rate",
                "rate-limited",
                "more than " + perMinute + " subscribe requests a minute"
                        + " (limits.subscribesPerMinute): each sends a snapshot; your current subscription stays,"
                        + " subscribe"
                        + " again in " + Math.max(1, subscribes.secondsUntilNext(now)) + " s");
    }

    private void done(String id, String silenceId) {
        if (id != null) session.send(WireCodec.done(id, silenceId));
    }
}
