package io.alertrelay.ws;

import io.alertrelay.auth.TokenRegistry;
import io.alertrelay.command.Operations;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.metrics.RelayMetrics;
import io.alertrelay.pipeline.AlertPipeline;
import java.time.Duration;

/** What every WebSocket session needs from the rest of the relay. */
record WsContext(
        AlertPipeline pipeline,
        TokenRegistry tokens,
        RelayMetrics metrics,
        LimitsConfig limits,
        Duration heartbeat,
        String serverName,
        SessionRegistry sessions,
        WriteScheduler.PerThread writers,
        Operations ops) {}
