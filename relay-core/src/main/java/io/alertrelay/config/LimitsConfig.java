package io.alertrelay.config;

import java.time.Duration;

/**
 * Every bound the relay keeps so that one client, one webhook sender or one burst cannot take it
 * down. docs/configuration.md gives the allowed range of each.
 *
 * @param maxMessageBytes     largest inbound WebSocket message
 * @param maxWebhookBytes     largest webhook or {@code /api/v2/alerts} body
 * @param sendQueueBytes      bytes queued for one slow session before it is closed (it then resumes)
 * @param maxConnections      WebSocket sessions on this node
 * @param maxConnectionsPerIp WebSocket sessions from one client address
 * @param framesPerSecond     inbound frames per second one session may send
 * @param authTimeout         how long a new session has to authenticate
 * @param maxMatchers    matchers one subscribe filter or one silence may hold (each is checked on every fan-out)
 */
public record LimitsConfig(int maxMessageBytes, int maxWebhookBytes, long sendQueueBytes, int maxConnections,
                           int maxConnectionsPerIp, int framesPerSecond, Duration authTimeout,
                           int maxMatchers) {

    public static LimitsConfig defaults() {
        return new LimitsConfig(65_536, 1_048_576, 1_048_576L, 20_000, 1_000, 50, Duration.ofSeconds(5), 32);
    }
}
