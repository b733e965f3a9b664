package io.alertrelay.rule;

/** A rule that cannot work as written; the message names the rule, where it came from, and the fix. */
public final class RuleException extends RuntimeException {
    public RuleException(String message) {
        super(message);
    }
}
