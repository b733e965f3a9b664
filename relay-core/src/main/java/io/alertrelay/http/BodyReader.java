package io.alertrelay.http;

import io.alertrelay.limit.AddressKey;
import io.alertrelay.limit.BodyBudget;
import io.alertrelay.metrics.RelayMetrics;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Reads request bodies as their bytes arrive, on the connection's I/O thread, and only then hands the whole body to
 * the endpoint's work on a worker thread. A sender that trickles its body holds a connection and the bytes it sent,
 * never a thread; a relay with 16 workers keeps serving with thousands of slow bodies open.
 *
 * <p>Each body is bounded four ways: its size ({@code limitKey}: 413, counted here rather than by Undertow, whose
 * own check on a chunked body cuts the connection without an answer), its time ({@code limits.requestBodyTimeout}:
 * 408), the bodies open at once from its client address ({@code limits.maxBodiesPerIp}: 429, nothing read) and the
 * bytes open in all ({@code limits.maxBodyBytesInFlight}: 503, see {@link BodyBudget}). Every refusal closes the
 * connection: reading the rest of a body that may never end is what this class is here to avoid.
 */
final class BodyReader {

    /** The endpoint's work, on a worker thread, with the whole body. */
    @FunctionalInterface
    interface BodyWork {
        void handle(HttpServerExchange exchange, byte[] body) throws Exception;
    }

    private static final byte[] EMPTY = new byte[0];

    private final BodyBudget budget;
    private final Duration timeout;
    private final RelayMetrics metrics;

    BodyReader(BodyBudget budget, Duration timeout, RelayMetrics metrics) {
        this.budget = budget;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    /**
     * Reads the body of {@code exchange} (at most {@code maxBytes}), then runs {@code work} on a worker. Call it on
     * the I/O thread, once the sender is authenticated as far as its headers allow: {@code authenticated} says whether
     * they did (a bearer token), or whether the body is still needed for that (a signature).
     */
    void read(HttpServerExchange exchange, long maxBytes, String limitKey, boolean authenticated, BodyWork work) {
        if (exchange.isRequestComplete()) {
            dispatch(exchange, work, EMPTY);
            return;
        }
        if (exchange.getRequestContentLength() > maxBytes) {
            tooLarge(exchange, maxBytes, limitKey);
            return;
        }
        String address = AddressKey.of(exchange.getSourceAddress().getAddress());
        BodyBudget.Admission admission = budget.open(address, authenticated);
        if (admission.refusal() != null) {
            refuse(exchange, admission.refusal(), address);
            return;
        }
        Reading reading = new Reading(exchange, admission.body(), maxBytes, limitKey, work);
        exchange.addExchangeCompleteListener((ex, next) -> {
            admission.body().close();
            next.proceed();
        });
        // counted here: Undertow's own limit sits above ours (its chunked-body check would cut without an answer)
        exchange.setMaxEntitySize(maxBytes + 65_536);
        reading.deadline =
                exchange.getIoThread().executeAfter(reading::timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!HttpContinue.requiresContinueResponse(exchange)) {
            exchange.getRequestReceiver().receivePartialBytes(reading::received, reading::failed);
            return;
        }
        // the sender waits for this before it sends its body (curl does, for bodies over 1 KiB or 1 MiB): its
        // headers passed, so it is invited now rather than left waiting a second; a refusal above went out instead
        HttpContinue.sendContinueResponse(exchange, new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender sender) {
                ex.getRequestReceiver().receivePartialBytes(reading::received, reading::failed);
            }

            @Override
            public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                reading.failed(ex, e);
            }
        });
    }

    /** One body on its way in; every method runs on the connection's I/O thread. */
    private final class Reading {

        private final HttpServerExchange exchange;
        private final BodyBudget.Body charge;
        private final long maxBytes;
        private final String limitKey;
        private final BodyWork work;
        private final List<byte[]> chunks = new ArrayList<>();
        private long size;
        private boolean over;
        XnioExecutor.Key deadline;

        Reading(HttpServerExchange exchange, BodyBudget.Body charge, long maxBytes, String limitKey, BodyWork work) {
            this.exchange = exchange;
            this.charge = charge;
            this.maxBytes = maxBytes;
            this.limitKey = limitKey;
            this.work = work;
        }

        void received(HttpServerExchange ex, byte[] bytes, boolean last) {
            if (over) return;
            if (size + bytes.length > maxBytes) {
                stop();
                tooLarge(ex, maxBytes, limitKey);
                return;
            }
            if (!charge.receive(bytes.length)) {
                stop();
                refuse(ex, BodyBudget.Refusal.NO_BYTES_LEFT, null);
                return;
            }
            if (bytes.length > 0) chunks.add(bytes);
            size += bytes.length;
            if (last) {
                over = true;
                deadline.remove();
                charge.read();
                dispatch(ex, work, join());
            }
        }

        void timedOut() {
            if (over) return;
            stop();
            metrics.httpRejected("body-timeout");
            Json.error(
                    exchange,
                    408,
                    "request-timeout",
                    "the request body was not complete within "
                            + timeout.toMillis() / 1000.0
                            + " s (limits.requestBodyTimeout): send the whole body at once,"
                            + " without pauses, or raise the limit; received " + size + " bytes");
        }

        /** The sender went away, or its body broke off (a chunked body cut short): no one to answer. */
        void failed(HttpServerExchange ex, IOException e) {
            if (over) return;
            over = true;
            deadline.remove();
            charge.close();
            IoUtils.safeClose(ex.getConnection());
        }

        /** Reads no more; the answer that follows closes the connection (Json.send: the body is unread). */
        private void stop() {
            over = true;
            if (deadline != null) deadline.remove();
            exchange.getRequestReceiver().pause();
            chunks.clear();
            charge.close();
        }

        private byte[] join() {
            byte[] body = new byte[(int) size];
            int at = 0;
            for (byte[] c : chunks) {
                System.arraycopy(c, 0, body, at, c.length);
                at += c.length;
            }
            chunks.clear();
            return body;
        }
    }

    private static void dispatch(HttpServerExchange exchange, BodyWork work, byte[] body) {
        exchange.dispatch(ex -> Answer.orRefusal(ex, worker -> work.handle(worker, body)));
    }

    private void tooLarge(HttpServerExchange exchange, long maxBytes, String limitKey) {
        metrics.httpRejected("too-large");
        Json.error(
                exchange,
                413,
                "too-large",
                "the body is over " + maxBytes + " bytes (" + limitKey
                        + "): send fewer alerts per request or raise the limit");
    }

    /** @param address the client's address key when the refusal is about it */
    private void refuse(HttpServerExchange exchange, BodyBudget.Refusal refusal, String address) {
        if (refusal == BodyBudget.Refusal.TOO_MANY_FROM_ADDRESS) {
            metrics.httpRejected("too-many-bodies");
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
            Json.error(
                    exchange,
                    429,
                    "too-many-bodies",
                    "request bodies from " + address + " are being read"
                            + " already, as many as one client address may send at once (limits.maxBodiesPerIp): send"
                            + " one"
                            + " request after another, or raise the limit");
        } else {
            metrics.httpRejected("bodies-in-flight");
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
            Json.error(
                    exchange,
                    503,
                    "busy",
                    "the relay is reading as many request bodies as it holds at once"
                            + " (limits.maxBodyBytesInFlight); retry in a few seconds");
        }
    }
}
