package io.alertrelay.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Counts the connections Undertow cuts because their request head was not complete within
 * {@code limits.requestHeaderTimeout} (UndertowOptions.REQUEST_PARSE_TIMEOUT).
 *
 * <p>Why a log filter: Undertow closes such a connection inside its own timer and offers no listener for it; the
 * only trace it leaves is its DEBUG event UT005035 on the logger {@code io.undertow.request}. This filter says
 * "enabled" for that logger's DEBUG level (so Undertow formats the event and hands it to Logback), counts the
 * events that are UT005035, and lets everything go on to the normal level check, where io.undertow stays at WARN:
 * nothing is printed. SlowRequestTest pins the event, so an Undertow upgrade that renames it fails the build
 * instead of silently reading 0. Every relay in a JVM installs its own filter and sees every relay's events (tests
 * run several); a production process runs one.
 */
public final class RequestTimeoutCounter extends TurboFilter implements AutoCloseable {

    static final String UNDERTOW_REQUEST_LOGGER = "io.undertow.request";
    static final String PARSE_TIMEOUT_EVENT = "UT005035";

    private final Runnable onTimeout;
    private final LoggerContext context;

    private RequestTimeoutCounter(Runnable onTimeout, LoggerContext context) {
        this.onTimeout = onTimeout;
        this.context = context;
    }

    /** Starts counting; does nothing (and says so once) when the logging backend is not Logback. */
    public static RequestTimeoutCounter install(Runnable onTimeout) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            LoggerFactory.getLogger(RequestTimeoutCounter.class)
                    .warn("logging is not Logback: request-head"
                            + " timeouts are enforced but not counted in"
                            + " relay_http_rejected_total{reason=\"request-timeout\"}");
            return new RequestTimeoutCounter(onTimeout, null);
        }
        RequestTimeoutCounter f = new RequestTimeoutCounter(onTimeout, ctx);
        f.setName("relay-request-timeouts");
        f.start();
        ctx.addTurboFilter(f);
        return f;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.DEBUG || !UNDERTOW_REQUEST_LOGGER.equals(logger.getName())) return FilterReply.NEUTRAL;
        if (format == null) return FilterReply.ACCEPT; // isDebugEnabled(): yes, so the event is formatted and passed on
        if (format.startsWith(PARSE_TIMEOUT_EVENT)) onTimeout.run();
        return FilterReply.NEUTRAL;
    }

    @Override
    public void close() {
        if (context != null) context.getTurboFilterList().remove(this);
        stop();
    }
}
