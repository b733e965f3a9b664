package io.alertrelay.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %oneLineMsg} in the text layout (relay-log-text.xml): the formatted message with line breaks, other
 * control characters, U+2028, U+2029 and lone surrogates escaped ({@link LogText#oneLine}), so no message the
 * relay or a library logs can start a new line, whatever text it carries. Costs one scan when there is
 * nothing to escape.
 */
public final class OneLineMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.oneLine(event.getFormattedMessage());
    }
}
