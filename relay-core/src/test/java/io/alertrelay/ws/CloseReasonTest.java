package io.alertrelay.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseReasonTest {

    @Test
    void longReasonsAreCutTo123BytesWithoutSplittingACharacter() {
        String reason = "é".repeat(100); // 200 bytes
        String cut = WsSession.closeFrameReason(reason);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(cut).isEqualTo("é".repeat(61));
        assertThat(WsSession.closeFrameReason("short")).isEqualTo("short");
    }
}
