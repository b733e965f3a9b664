package io.alertrelay.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's reading of server frames: what it counts as lost, out of order, and how it times alerts. */
class InboundTest {

    final ClientStats stats = new ClientStats();
    final List<String> replies = new ArrayList<>();
    final Inbound inbound = new Inbound(stats, new Inbound.Replies() {
        @Override
        public void subscribe(WsConnection c) {
            replies.add("subscribe");
        }

        @Override
        public void pong(WsConnection c, byte[] a, int from, int len) {
            replies.add("pong");
        }

        @Override
        public void serverClosed(WsConnection c, int code) {
            replies.add("closed " + code);
        }

        @Override
        public void failed(WsConnection c, String why) {
            replies.add("failed " + why);
        }

        @Override
        public void live(WsConnection c) {
            replies.add("live");
        }

        @Override
        public void caughtUp(WsConnection c) {
            replies.add("caught up");
        }
    });
    final WsConnection c = new WsConnection(0, 0);

    @BeforeEach
    void upgraded() {
        c.state = WsConnection.State.UPGRADING;
        byte[] response =
                ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] welcome =
                frame("{\"type\":\"welcome\",\"server\":\"x\",\"epoch\":\"e1\",\"seq\":0,\"heartbeatSeconds\":30}");
        byte[] both = concat(response, welcome);
        assertThat(inbound.process(c, both, 0, both.length)).isEqualTo(both.length);
        feed(frame("{\"type\":\"snapshot\",\"seq\":4,\"alerts\":[],\"silences\":[],\"reset\":false}"));
    }

    @Test
    void theUpgradeAndWelcomeLeadToSubscribeAndTheSnapshotToLive() {
        assertThat(replies).containsExactly("subscribe", "live");
        assertThat(inbound.epoch).isEqualTo("e1");
        assertThat(c.lastSeq).isEqualTo(4);
    }

    @Test
    void consecutiveSeqsAreNeitherLostNorOutOfOrderAndEachIsTimed() {
        long sent = io.alertrelay.loadtest.clock.WallClock.epochNanos();
        feed(alert(5, sent), alert(6, sent), alert(7, sent));
        assertThat(stats.alertFrames).isEqualTo(3);
        assertThat(stats.lost).isZero();
        assertThat(stats.outOfOrder).isZero();
        assertThat(stats.latencyMicros.getTotalCount()).isEqualTo(3);
        assertThat(c.lastSeq).isEqualTo(7);
    }

    @Test
    void aJumpInSeqCountsTheSkippedOnesAsLost() {
        feed(alert(5, 1), alert(9, 1));
        assertThat(stats.lost).isEqualTo(3);
    }

    @Test
    void aRepeatedOrEarlierSeqCountsAsOutOfOrder() {
        feed(alert(5, 1), alert(6, 1), alert(6, 1), alert(5, 1));
        assertThat(stats.outOfOrder).isEqualTo(2);
        assertThat(c.lastSeq).isEqualTo(6);
    }

    @Test
    void aFrameSplitAcrossReadsIsHandledOnceComplete() {
        byte[] f = alert(5, 1);
        int used = inbound.process(c, f, 0, 10);
        assertThat(used).isZero();
        assertThat(inbound.needed).isEqualTo(f.length);
        assertThat(inbound.process(c, f, 0, f.length)).isEqualTo(f.length);
        assertThat(stats.alertFrames).isEqualTo(1);
    }

    @Test
    void aCloseFrameReportsItsCode() {
        feed(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xF5});
        assertThat(replies).contains("closed 1013");
    }

    @Test
    void aNonUpgradeAnswerFailsTheConnectionWithTheStatus() {
        WsConnection other = new WsConnection(1, 0);
        other.state = WsConnection.State.UPGRADING;
        byte[] r = "HTTP/1.1 503 Service Unavailable\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        inbound.process(other, r, 0, r.length);
        assertThat(replies).contains("failed http 503");
    }

    private void feed(byte[]... frames) {
        byte[] all = concat(frames);
        assertThat(inbound.process(c, all, 0, all.length)).isEqualTo(all.length);
    }

    private static byte[] alert(long seq, long sentAtNanos) {
        return frame("{\"type\":\"alert\",\"seq\":" + seq
                + ",\"alert\":{\"fingerprint\":\"f\",\"labels\":{\"alertname\":\"A\"},"
                + "\"annotations\":{\"n\":\"1\",\"sentAtNanos\":\"" + sentAtNanos + "\"}}}");
    }

    private static byte[] frame(String json) {
        byte[] p = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x81);
        if (p.length < 126) {
            out.write(p.length);
        } else {
            out.write(126);
            out.write(p.length >> 8);
            out.write(p.length & 0xFF);
        }
        out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
