package io.alertrelay.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.alert.Ack;
import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.auth.Principal;
import io.alertrelay.auth.Role;
import io.alertrelay.command.BadRequest;
import io.alertrelay.command.Command;
import io.alertrelay.command.Decoder;
import io.alertrelay.command.Operations;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.history.HistoryRecorder;
import io.alertrelay.hub.Hub;
import io.alertrelay.journal.Journal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Acks that are not forgotten: an ack may carry an expiry (or get alerts.ackExpiry), after which the relay takes
 * it back by itself in a journalled change, so a wall that resumes sees it; and the person who acked.
 */
class AckExpiryTest {

    static final Instant T0 = Instant.parse("2026-12-03T03:00:00Z");
    static final Map<String, String> DISK = Map.of("alertname", "DiskFull", "instance", "db-1", "severity", "critical");

    Instant now = T0;
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    final AlertPipeline pipeline = new AlertPipeline(
            new AlertState(Duration.ofDays(1), Duration.ofHours(1), Duration.ofHours(1)),
            new Journal("e", 0, 1000, Duration.ofHours(1)),
            new Hub(),
            clock);
    final Operations ops = new Operations(
            pipeline, HistoryRecorder.listeningTo(pipeline), null, LimitsConfig.defaults(), Duration.ofHours(8));
    final Principal wall = new Principal("wall-3", Role.OPERATOR);
    final String fp;

    AckExpiryTest() {
        pipeline.ingest(List.of(new PostableAlert(DISK, Map.of(), null, null, null)), "test");
        fp = pipeline.alerts().get(0).fingerprint();
    }

    Command.Ack decode(String json) {
        return ops.decoder().ack(fp, Decoder.json(json.getBytes(StandardCharsets.UTF_8), null));
    }

    Ack ackNow() {
        return pipeline.alert(fp).map(Alert::ack).orElse(null);
    }

    @Test
    void anAckWithAnExpiryIsTakenBackByTheRelayInAJournalledChange() {
        Alert acked = ops.ack(wall, decode("{\"comment\":\"on it\",\"person\":\"Ana\",\"expiresIn\":\"1m\"}"));
        assertThat(acked.ack()).isEqualTo(new Ack("wall-3", T0, "on it", T0.plusSeconds(60), "Ana"));
        long seqAfterAck = pipeline.latestSeq();

        now = T0.plusSeconds(59);
        pipeline.tick();
        assertThat(ackNow()).isNotNull();
        now = T0.plusSeconds(60);
        pipeline.tick();
        assertThat(ackNow()).isNull();
        assertThat(pipeline.latestSeq()).as("the un-ack is journalled").isEqualTo(seqAfterAck + 1);
        assertThat(pipeline.alert(fp).orElseThrow().firing()).isTrue();
    }

    @Test
    void theConfiguredDefaultAppliesUnlessTheAckSaysNever() {
        assertThat(ops.ack(wall, decode("{}")).ack().expiresAt()).isEqualTo(T0.plus(Duration.ofHours(8)));
        assertThat(ops.ack(wall, decode("{\"expiresIn\":\"never\"}")).ack().expiresAt())
                .isNull();
        assertThat(ops.ack(wall, decode("{\"expiresIn\":7200}")).ack().expiresAt())
                .isEqualTo(T0.plusSeconds(7200));
    }

    @Test
    void badExpiriesAndNamesAreRefusedWithTheFix() {
        assertThatThrownBy(() -> decode("{\"expiresIn\":\"30s\"}"))
                .isInstanceOf(BadRequest.class)
                .hasMessageContaining("\"expiresIn\" must be a duration from 1m to 30d");
        assertThatThrownBy(() -> decode("{\"expiresIn\":\"soon\"}")).hasMessageContaining("or \"never\"");
        assertThatThrownBy(() -> decode("{\"person\":\"" + "x".repeat(101) + "\"}"))
                .hasMessageContaining("at most 100 characters");
        assertThatThrownBy(() -> decode("{\"person\":\"Ana\\nBo\"}")).hasMessageContaining("on one line");
        assertThat(decode("{\"person\":\"  \"}").person()).isNull();
    }
}
