package io.alertrelay.ws;

/** The WebSocket close codes of protocol v1 (docs/protocol.md lists when each is used). */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    /** Not sent by us: what a peer that vanished without a close frame is recorded as. */
    public static final int ABNORMAL = 1006;
    /** Sent by Undertow itself for a text frame that is not UTF-8 (RFC 6455 8.1); recorded as ours. */
    public static final int INVALID_UTF8 = 1007;
    public static final int POLICY = 1008;
    public static final int TOO_BIG = 1009;
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int BAD_MESSAGE = 4400;
    public static final int UNAUTHORIZED = 4401;

    private CloseCodes() {}
}
