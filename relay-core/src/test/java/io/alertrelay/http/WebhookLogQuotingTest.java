package io.alertrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A refusal's reason quotes the sender's headers: in the log it stays one quoted value on one line. */
class WebhookLogQuotingTest {

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertThat(WebhookHandler.quoted("X-GitHub-Delivery a\"b\\c was already delivered"))
                .isEqualTo("\"X-GitHub-Delivery a\\\"b\\\\c was already delivered\"");
        assertThat(WebhookHandler.quoted("line\r\n2020-01-01 INFO forged\u0000\u0085\u2028"))
                .isEqualTo("\"line\\u000d\\u000a2020-01-01 INFO forged\\u0000\\u0085\\u2028\"")
                .doesNotContain("\n", "\r");
    }
}
