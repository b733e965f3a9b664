package io.alertrelay.config;

import java.time.Duration;

/**
 * Every bound the relay keeps so that one client, one webhook sender or one burst cannot take it
 * down. docs/configuration.md gives the allowed range of each; docs/operations.md what happens when one is hit.
 *
 * @param maxMessageBytes      largest inbound WebSocket message
 * @param maxWebhookBytes      largest webhook or {@code /api/v2/alerts} body
 * @param sendQueueBytes       bytes queued for one slow session before it is closed (it then resumes)
 * @param maxConnections       WebSocket sessions on this node
 * @param maxConnectionsPerIp  WebSocket sessions from one client address
 * @param framesPerSecond      inbound frames per second one session may send
 * @param authTimeout          how long a new session has to authenticate
 * @param maxMatchers          matchers one subscribe filter or one silence may hold (each is checked on every fan-out)
 * @param subscribesPerMinute  {@code subscribe} requests one session may make per minute, bursts of a minute's worth;
 *                             each one costs a snapshot of every matching alert, so this bounds what a client can make
 *                             the relay encode, well below {@code framesPerSecond}
 * @param requestHeaderTimeout how long a connection may take to send a complete HTTP request head (the upgrade
 *                             included), and how long it may stay open without starting one; cuts slowloris sockets
 * @param maxRegexProgram      RE2 instructions one regex matcher may compile to (about one per character; x{n} counts x
 *                             n times): what a match may cost per character of label
 * @param filterBudget         time one pass of filter evaluation may spend on regexes: a change's fan-out to every
 *                             subscriber (under the pipeline's lock), a subscribe's snapshot or replay, one query
 * @param requestBodyTimeout   how long a request body may take to arrive, from the end of its head; then 408
 * @param maxBodiesPerIp       request bodies one client address may have being read at once; one more gets 429
 * @param authFailuresPerMinute failed HTTP authentications one client address may have a minute (bursts of a
 *                             minute's worth); over it, its requests get 429 before any check
 * @param maxBodyBytesInFlight bytes of request bodies being read at once, from everyone; bodies whose sender is not
 *                             authenticated yet (signed hooks) get at most half; over it, 503
 */
public record LimitsConfig(
        int maxMessageBytes,
        int maxWebhookBytes,
        long sendQueueBytes,
        int maxConnections,
        int maxConnectionsPerIp,
        int framesPerSecond,
        Duration authTimeout,
        int maxMatchers,
        int subscribesPerMinute,
        Duration requestHeaderTimeout,
        int maxRegexProgram,
        Duration filterBudget,
        Duration requestBodyTimeout,
        int maxBodiesPerIp,
        int authFailuresPerMinute,
        long maxBodyBytesInFlight) {

    public static final int DEFAULT_SUBSCRIBES_PER_MINUTE = 20;
    public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_REGEX_PROGRAM = 1_000;
    public static final Duration DEFAULT_FILTER_BUDGET = Duration.ofMillis(50);
    public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BODIES_PER_IP = 8;
    public static final int DEFAULT_AUTH_FAILURES_PER_MINUTE = 30;
    public static final long DEFAULT_MAX_BODY_BYTES_IN_FLIGHT = 64L << 20;

    /** The limits before the regex, body and authentication-failure limits existed; those take their defaults. */
    public LimitsConfig(
            int maxMessageBytes,
            int maxWebhookBytes,
            long sendQueueBytes,
            int maxConnections,
            int maxConnectionsPerIp,
            int framesPerSecond,
            Duration authTimeout,
            int maxMatchers,
            int subscribesPerMinute,
            Duration requestHeaderTimeout) {
        this(
                maxMessageBytes,
                maxWebhookBytes,
                sendQueueBytes,
                maxConnections,
                maxConnectionsPerIp,
                framesPerSecond,
                authTimeout,
                maxMatchers,
                subscribesPerMinute,
                requestHeaderTimeout,
                DEFAULT_MAX_REGEX_PROGRAM,
                DEFAULT_FILTER_BUDGET,
                DEFAULT_REQUEST_BODY_TIMEOUT,
                DEFAULT_MAX_BODIES_PER_IP,
                DEFAULT_AUTH_FAILURES_PER_MINUTE,
                DEFAULT_MAX_BODY_BYTES_IN_FLIGHT);
    }

    /** The limits before subscribesPerMinute and requestHeaderTimeout existed; those two take their defaults. */
    public LimitsConfig(
            int maxMessageBytes,
            int maxWebhookBytes,
            long sendQueueBytes,
            int maxConnections,
            int maxConnectionsPerIp,
            int framesPerSecond,
            Duration authTimeout,
            int maxMatchers) {
        this(
                maxMessageBytes,
                maxWebhookBytes,
                sendQueueBytes,
                maxConnections,
                maxConnectionsPerIp,
                framesPerSecond,
                authTimeout,
                maxMatchers,
                DEFAULT_SUBSCRIBES_PER_MINUTE,
                DEFAULT_REQUEST_HEADER_TIMEOUT);
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(65_536, 1_048_576, 1_048_576L, 20_000, 1_000, 50, Duration.ofSeconds(5), 32);
    }
}
