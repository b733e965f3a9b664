package io.alertrelay.wire;

import java.util.List;

/** The WebSocket close codes of protocol v1 (docs/protocol.md lists when each is used). */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    /** Sent by Undertow itself for a frame that breaks RFC 6455 (unmasked, reserved opcode...); recorded as ours. */
    public static final int PROTOCOL_ERROR = 1002;
    /** Not sent by us: what a peer that vanished without a close frame is recorded as. */
    public static final int ABNORMAL = 1006;
    /** Sent by Undertow itself for a text frame that is not UTF-8 (RFC 6455 8.1); recorded as ours. */
    public static final int INVALID_UTF8 = 1007;

    public static final int POLICY = 1008;
    public static final int TOO_BIG = 1009;
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int BAD_MESSAGE = 4400;
    public static final int UNAUTHORIZED = 4401;

    /**
     * Every code above: the values of {@code relay_sessions_closed_total}'s {@code code} label. Any other code
     * (a client may close with whatever code it likes) is counted as {@code other}.
     */
    public static final List<Integer> KNOWN = List.of(
            NORMAL,
            GOING_AWAY,
            PROTOCOL_ERROR,
            ABNORMAL,
            INVALID_UTF8,
            POLICY,
            TOO_BIG,
            TRY_AGAIN_LATER,
            BAD_MESSAGE,
            UNAUTHORIZED);

    private CloseCodes() {}
}
