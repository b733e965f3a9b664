package io.alertrelay.command;

/**
 * A request the decoder refused: 400 over REST (with {@link #code()} when it names one, else the action's code),
 * {@code error} {@code invalid} over the WebSocket. The message says what to change.
 */
public final class BadRequest extends IllegalArgumentException {

    private final String code;

    BadRequest(String message) {
        this(null, message);
    }

    BadRequest(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The REST error code this refusal asks for (e.g. {@code bad-limit}), or null for the action's own. */
    public String code() {
        return code;
    }
}
