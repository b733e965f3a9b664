package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alertrelay.testing.RawWsSocket;
import io.alertrelay.testing.TestRelay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Frames a client library would never send, written byte by byte on real sockets: invalid UTF-8 (1007),
 * binary frames, over-size messages (1009), each on its own connection, with bystanders served throughout.
 */
@ExtendWith(BadInputTally.class)
class WsFrameAbuseTest extends BystandedTest {

    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CONTINUATION = 0;
    static final Duration WAIT = Duration.ofSeconds(10);

    /** Invalid UTF-8, by kind (RFC 3629): each must close the connection with 1007. */
    static final Map<String, List<String>> INVALID_UTF8 = new LinkedHashMap<>();

    static {
        INVALID_UTF8.put("overlong", List.of("c0af", "c1bf", "e080af", "e09fbf", "f08080af", "f08fbfbf", "c080"));
        INVALID_UTF8.put("surrogate", List.of("eda080", "edbfbf", "edadbf", "edae80", "eda0bdedb2a9", "edb080"));
        INVALID_UTF8.put("truncated multi-byte", List.of("c3", "e282", "f09f98", "e228a1", "c328", "f0288c28", "e2"));
        INVALID_UTF8.put(
                "never valid bytes", List.of("ff", "fe", "f5808080", "f4908080", "f8888080", "fcc0808080", "80", "bf"));
    }

    @BeforeEach
    void start() {
        serve(t -> t.maxMessageBytes = 8192);
    }

    RawWsSocket open() throws IOException {
        RawWsSocket s = RawWsSocket.open("127.0.0.1", relay.relay.port(), TestRelay.VIEWER);
        assertThat(s.readFrame(WAIT).text()).contains("\"welcome\"");
        return s;
    }

    @Test
    void invalidUtf8OfEveryKindClosesWith1007() throws Exception {
        int total = 0;
        for (Map.Entry<String, List<String>> kind : INVALID_UTF8.entrySet()) {
            int sent = 0;
            for (String hex : kind.getValue()) {
                byte[] bad = HexFormat.of().parseHex(hex);
                for (byte[] frame : List.of(
                        bad, concat("{\"type\":\"ping\",\"id\":\"", bad, "\"}"), concat("{\"type\":\"", bad, "\"}"))) {
                    try (RawWsSocket s = open()) {
                        s.sendFrame(TEXT, frame);
                        assertThat(s.readUntilClose(WAIT, t -> {}).closeCode())
                                .as("close for %s", hex)
                                .isEqualTo(1007);
                    }
                    sent++;
                }
            }
            BadInputTally.sent("ws: invalid UTF-8, " + kind.getKey(), "close 1007", sent);
            total += sent;
        }
        // recorded as what the client saw, not as connections lost (the last close is recorded a moment later)
        int expected = total;
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(relay.relay.metrics().scrape())
                        .contains("relay_sessions_closed_total{code=\"1007\"} " + expected + ".0")
                        .contains("relay_frames_rejected_total{reason=\"invalid-utf8\"} " + expected + ".0")
                        .contains("relay_sessions_closed_total{code=\"1006\"} 0.0"));
        bystanders.awaitMoreDelivered(5);
        bystanders.proveNothingLost();
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsClosesWith1007AndAValidSplitDoesNot() throws Exception {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        try (RawWsSocket s = open()) {
            s.sendFrame(false, TEXT, concat("{\"type\":\"ping\",\"id\":\"", new byte[] {euro[0]}, ""));
            s.sendFrame(true, CONTINUATION, concat("", new byte[] {euro[1], euro[2]}, "\"}"));
            assertThat(s.readFrame(WAIT).text()).isEqualTo("{\"type\":\"pong\",\"id\":\"€\"}");
        }
        try (RawWsSocket s = open()) {
            s.sendFrame(false, TEXT, concat("{\"type\":\"ping\",\"id\":\"", new byte[] {euro[0]}, ""));
            s.sendFrame(true, CONTINUATION, concat("", new byte[] {(byte) 0x28, euro[2]}, "\"}"));
            assertThat(s.readUntilClose(WAIT, t -> {}).closeCode()).isEqualTo(1007);
        }
        BadInputTally.sent("ws: invalid UTF-8 split across fragments", "close 1007", 1);
        bystanders.proveNothingLost();
    }

    @Test
    void binaryFramesOfEverySizeAreAnsweredBadMessageThen4400() throws Exception {
        int sent = 0;
        int[] sizes = {0, 1, 2, 125, 126, 127, 4096, 8192};
        try (RawWsSocket s = open()) {
            for (int size : sizes) {
                s.sendFrame(BINARY, new byte[size]);
                sent++;
                String error = s.readFrame(WAIT).text();
                assertThat(error).contains("\"bad-message\"").contains("binary");
                s.sendFrame(TEXT, "{\"type\":\"ping\",\"id\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
                assertThat(s.readFrame(WAIT).text()).contains("pong");
            }
        }
        try (RawWsSocket s = open()) {
            for (int i = 0; i < 5; i++) s.sendFrame(BINARY, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            sent += 5;
            List<String> errors = new ArrayList<>();
            assertThat(s.readUntilClose(WAIT, errors::add).closeCode()).isEqualTo(4400);
            // frames sent back to back: the four error frames still queued go out before the close (protocol.md)
            assertThat(errors).hasSize(4).allSatisfy(e -> assertThat(e).contains("bad-message"));
        }
        BadInputTally.sent("ws: binary frames", "error bad-message; 5 in a row close 4400", sent);
        bystanders.proveNothingLost();
    }

    @Test
    void overSizeMessagesCloseWith1009HoweverTheyArrive() throws Exception {
        int sent = 0;
        for (int size : new int[] {8193, 8300, 60_000, 1_000_000}) {
            for (int opcode : new int[] {TEXT, BINARY}) {
                try (RawWsSocket s = open()) {
                    // written while the close is read: the relay stops reading at the frame's header, so a big
                    // frame's write may end in a reset once the relay has closed
                    java.util.concurrent.CompletableFuture.runAsync(() -> {
                        try {
                            s.sendFrame(opcode, new byte[size]);
                        } catch (IOException resetAfterTheClose) {
                            // expected for the large ones
                        }
                    });
                    assertThat(s.readUntilClose(WAIT, t -> {}).closeCode())
                            .as("%d bytes", size)
                            .isEqualTo(1009);
                }
                sent++;
            }
        }
        try (RawWsSocket s = open()) {
            // 9 fragments of 1,000 bytes (within framesPerSecond): only the message as a whole is too big
            s.sendFrame(false, TEXT, new byte[1000]);
            for (int i = 0; i < 7; i++) s.sendFrame(false, CONTINUATION, new byte[1000]);
            s.sendFrame(true, CONTINUATION, new byte[1000]);
            assertThat(s.readUntilClose(WAIT, t -> {}).closeCode()).isEqualTo(1009);
            sent++;
        }
        try (RawWsSocket s = open()) {
            // a header that announces 2^62 bytes, and not one byte of them: refused at once, nothing allocated
            s.sendRaw(new byte[] {(byte) 0x81, (byte) 0xFF, 0x40, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4});
            assertThat(s.readUntilClose(WAIT, t -> {}).closeCode()).isEqualTo(1009);
            sent++;
        }
        try (RawWsSocket s = open()) {
            // a small first fragment, then a continuation whose header announces 1 MiB: refused at that header
            s.sendFrame(false, TEXT, new byte[100]);
            s.sendRaw(new byte[] {(byte) 0x00, (byte) 0xFF, 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4});
            assertThat(s.readUntilClose(WAIT, t -> {}).closeCode()).isEqualTo(1009);
            sent++;
        }
        try (RawWsSocket s = RawWsSocket.open("127.0.0.1", relay.relay.port(), null)) {
            // before sign-in too
            s.sendRaw(new byte[] {(byte) 0x81, (byte) 0xFF, 0x40, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4});
            assertThat(s.readUntilClose(WAIT, t -> {}).closeCode()).isEqualTo(1009);
            sent++;
        }
        BadInputTally.sent("ws: over-size messages (limit 8 KiB here)", "close 1009", sent);
        bystanders.awaitMoreDelivered(5);
        bystanders.proveNothingLost();
    }

    @Test
    void theRelayNeverSendsInvalidUtf8EvenWhenEchoingLoneSurrogates() throws Exception {
        var strict = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int sent = 0;
        try (RawWsSocket s = open()) {
            for (String frame : List.of(
                    "{\"type\":\"ping\",\"id\":\"\\ud800\"}",
                    "{\"type\":\"\\udfff\"}",
                    "{\"type\":\"subscribe\",\"filter\":{\"matchers\":[\"a\\ud800=b\"]}}",
                    "{\"type\":\"ack\",\"id\":\"\\udc00\"}")) {
                s.sendFrame(TEXT, frame.getBytes(StandardCharsets.UTF_8));
                sent++;
                byte[] answer = s.readFrame(WAIT).payload();
                try {
                    strict.decode(ByteBuffer.wrap(answer));
                } catch (CharacterCodingException e) {
                    throw new AssertionError(
                            "the answer to " + frame + " is not UTF-8: "
                                    + HexFormat.of().formatHex(answer),
                            e);
                }
            }
        }
        BadInputTally.sent("ws: lone surrogate escapes echoed back", "escaped as \\uXXXX, valid UTF-8", sent);
        bystanders.proveNothingLost();
    }

    static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        b.writeBytes(middle);
        b.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }
}
