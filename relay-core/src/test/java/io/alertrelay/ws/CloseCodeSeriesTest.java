package io.alertrelay.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.testing.RawWsSocket;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.wire.CloseCodes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The close code a client sends is its own choice: it must not become a label value of
 * {@code relay_sessions_closed_total}, or 2,000 unauthenticated sockets make 2,000 series.
 */
class CloseCodeSeriesTest {

    static final int SOCKETS = 2_000;

    @TempDir
    Path dataDir;

    @Test
    void twoThousandSocketsClosingWithDistinctCodesLeaveABoundedNumberOfSeries() throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            int before = closeSeries(relay).size();
            for (int i = 0; i < SOCKETS; i++) {
                int code = 3000 + i; // 3000-4999: the codes RFC 6455 leaves to applications, no login needed
                try (RawWsSocket s = RawWsSocket.open("127.0.0.1", relay.relay.port(), null)) {
                    s.sendFrame(8, new byte[] {(byte) (code >> 8), (byte) code, 'b', 'y', 'e'});
                    assertThat(s.readUntilClose(Duration.ofSeconds(10), t -> {}).closeCode())
                            .isEqualTo(code);
                }
            }
            // 4400 and 4401 are codes of the protocol: the two sockets that sent them count there
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(relay.relay.metrics().scrape())
                            .contains("relay_sessions_closed_total{code=\"other\"} " + (SOCKETS - 2) + ".0"));
            List<String> after = closeSeries(relay);
            System.out.printf(
                    "relay_sessions_closed_total series: %d before, %d after %d sockets closed with"
                            + " distinct codes%n",
                    before, after.size(), SOCKETS);
            assertThat(after).hasSize(CloseCodes.KNOWN.size() + 1).hasSize(before);
            assertThat(after).anyMatch(l -> l.startsWith("relay_sessions_closed_total{code=\"4401\"} 1.0"));
        }
    }

    @Test
    void everyCloseCodeConstantIsAKnownLabel() throws Exception {
        List<Integer> constants = new ArrayList<>();
        for (Field f : CloseCodes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) constants.add(f.getInt(null));
        }
        assertThat(CloseCodes.KNOWN).containsExactlyInAnyOrderElementsOf(constants);
    }

    private static List<String> closeSeries(TestRelay relay) {
        return relay.relay
                .metrics()
                .scrape()
                .lines()
                .filter(l -> l.startsWith("relay_sessions_closed_total{"))
                .toList();
    }
}
