package io.alertrelay.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.testing.RawWsSocket;
import io.alertrelay.testing.TestRelay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicContainer;

/**
 * Client-chosen text that the relay writes to its log: a WebSocket close reason (no login needed) and a subscribe's
 * {@code since.epoch}, each carrying a line break and a whole fake log line (issue 12, item 4). The relay's own
 * output (stdout and stderr of the process) must contain no line that the client wrote: in the text format no line
 * may start with the fake line's timestamp; in the JSON format every log line must still be one JSON object.
 */
final class LogForgingAttack {

    static final String FROM = "127.0.0.22";
    /** The timestamp the fake lines start with: no real line of this run can. */
    static final String FAKE_TIME = "1999-01-01T00:00:00.000Z";
    /** How the fake JSON log lines start. */
    static final String FAKE_JSON = "{\"level\":\"INFO\",\"loggerName\":\"TokenRegistry\"";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogForgingAttack() {}

    static DynamicContainer run(HostileRelay relay, boolean jsonLogs) {
        return relay.attack("log forging: close reason and since.epoch", a -> {
            String marker = "FORGED-" + a.phase;
            List<String> fakes = List.of(
                    FAKE_TIME + " INFO  TokenRegistry admin token created " + marker,
                    FAKE_JSON + ",\"message\":\"" + marker + "\"}");
            int sent = 0;
            for (String fake : fakes) {
                for (String br : List.of("\n", "\r\n", "\r")) {
                    closeWithReason(a, relay, "bye" + br + fake);
                    subscribeSince(a, relay, "e" + br + fake);
                    sent += 2;
                }
            }
            int[] logged = {0};
            Attack.within(Duration.ofSeconds(3), () -> {
                logged[0] = (int)
                        relay.output().stream().filter(l -> l.contains(marker)).count();
                return logged[0] >= 6;
            });
            a.outcome("lines of the relay's output that carry the marker", logged[0]);
            List<String> forged = new ArrayList<>();
            List<String> notJson = new ArrayList<>();
            for (String line : relay.output()) {
                if (line.startsWith(FAKE_TIME) || line.startsWith(FAKE_JSON)) forged.add(line);
                if (jsonLogs && !banner(line) && !isJsonObject(line)) notJson.add(line);
            }
            a.outcome("forged lines", forged.size());
            a.contract
                    .assertThat(forged)
                    .as("lines of the relay's output that a client wrote (the fake log lines)")
                    .isEmpty();
            if (jsonLogs)
                a.contract
                        .assertThat(notJson)
                        .as("lines of the JSON log that are not JSON")
                        .isEmpty();
            a.size(sent + " inputs (" + sent / 2 + " close reasons without login, " + sent / 2
                    + " since.epoch values), each with \\n, \\r\\n or \\r and a fake text or JSON log line");
            a.hold(Duration.ofSeconds(1));
        });
    }

    /** A WebSocket that never logs in and closes with {@code reason} (cut to the 123 bytes a close frame allows). */
    private static void closeWithReason(Attack a, HostileRelay relay, String reason) throws IOException {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(1000 >> 8);
        payload.write(1000 & 0xFF);
        payload.write(r, 0, Math.min(r.length, 123));
        try (RawWsSocket s = open(relay, null)) {
            s.sendFrame(8, payload.toByteArray());
            a.outcome("close reason sent: close "
                    + s.readUntilClose(ProcessBystanders.CAP, t -> {}).closeCode());
        } catch (AssertionError | IOException e) {
            a.outcome("close reason sent: " + e.getClass().getSimpleName());
        }
    }

    /** A viewer's subscribe that resumes from an epoch of its own making. */
    private static void subscribeSince(Attack a, HostileRelay relay, String epoch) throws IOException {
        String frame = "{\"type\":\"subscribe\",\"filter\":{\"matchers\":[]},\"since\":{\"epoch\":"
                + JSON.writeValueAsString(epoch) + ",\"seq\":1}}";
        try (RawWsSocket s = open(relay, TestRelay.VIEWER)) {
            s.readFrame(ProcessBystanders.CAP); // welcome
            s.sendFrame(1, frame.getBytes(StandardCharsets.UTF_8));
            String answer = s.readFrame(ProcessBystanders.CAP).text();
            a.outcome("since.epoch sent: " + Viewers.answer(JSON.readTree(answer)));
        } catch (IOException e) {
            a.outcome("since.epoch sent: " + e.getClass().getSimpleName());
        }
    }

    private static RawWsSocket open(HostileRelay relay, String bearer) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(FROM, 0));
        return RawWsSocket.open(s, new InetSocketAddress("127.0.0.1", relay.port()), bearer);
    }

    /** What RelayMain prints itself (the banner, warnings about the environment), not through the log. */
    private static boolean banner(String line) {
        return line.isEmpty()
                || line.startsWith("Alert Relay ")
                || line.startsWith("  ")
                || line.startsWith("First start")
                || line.startsWith("warning: ");
    }

    private static boolean isJsonObject(String line) {
        try {
            return JSON.readTree(line).isObject();
        } catch (IOException e) {
            return false;
        }
    }
}
