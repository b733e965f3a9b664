package io.alertrelay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's, over a real socket) that collects JSON frames for assertions.
 * {@code reading=false} makes a client that never reads: its socket fills up the way a stuck browser's does.
 */
public final class WsTestClient implements AutoCloseable {

    public record Close(int code, String reason) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<JsonNode> all = java.util.Collections.synchronizedList(new ArrayList<>());
    public final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final boolean reading;
    private java.util.Map<String, String> extraHeaders = java.util.Map.of();
    private WebSocket ws;

    private WsTestClient(boolean reading) {
        this.reading = reading;
    }

    public static WsTestClient connect(URI uri, String bearer) {
        return connect(uri, bearer, null, true);
    }

    public static WsTestClient connect(URI uri, String bearer, String origin, boolean reading) {
        WsTestClient c = new WsTestClient(reading);
        c.ws = c.open(uri, bearer, origin).join();
        return c;
    }

    /** Connects with extra request headers on the upgrade (X-Forwarded-For, say); bearer may be null. */
    public static WsTestClient connect(URI uri, String bearer, java.util.Map<String, String> headers) {
        return connect(HTTP, uri, bearer, headers);
    }

    /** Through the given client (wss:// to a test certificate), with extra upgrade headers; bearer may be null. */
    public static WsTestClient connect(HttpClient http, URI uri, String bearer, java.util.Map<String, String> headers) {
        WsTestClient c = new WsTestClient(true);
        c.extraHeaders = headers;
        c.ws = c.open(http, uri, bearer, null).join();
        return c;
    }

    /**
     * Connects through the given client: one with its own SSLContext, for wss:// to a relay with a test certificate.
     */
    public static WsTestClient connect(HttpClient http, URI uri, String bearer) {
        WsTestClient c = new WsTestClient(true);
        c.ws = c.open(http, uri, bearer, null).join();
        return c;
    }

    /** Starts a handshake; the future fails (WebSocketHandshakeException) when the server refuses the upgrade. */
    public static CompletableFuture<WebSocket> tryConnect(URI uri, String bearer, String origin) {
        return new WsTestClient(true).open(uri, bearer, origin);
    }

    private CompletableFuture<WebSocket> open(URI uri, String bearer, String origin) {
        return open(HTTP, uri, bearer, origin);
    }

    private CompletableFuture<WebSocket> open(HttpClient http, URI uri, String bearer, String origin) {
        WebSocket.Builder b =
                http.newWebSocketBuilder().subprotocols("alert-relay.v1").connectTimeout(Duration.ofSeconds(5));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        if (origin != null) b.header("Origin", origin);
        extraHeaders.forEach(b::header);
        return b.buildAsync(uri, new Listener());
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            if (reading) webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode n = MAPPER.readTree(partial.toString());
                    all.add(n);
                    frames.add(n);
                } catch (Exception e) {
                    frames.add(MAPPER.createObjectNode()
                            .put("type", "<unparseable>")
                            .put("text", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Close(1006, String.valueOf(error)));
        }
    }

    public WebSocket socket() {
        return ws;
    }

    /** Starts reading (for a client made with reading=false). */
    public void startReading() {
        ws.request(1);
    }

    public void send(String json) {
        ws.sendText(json, true).join();
    }

    public void sendBinary(byte[] data) {
        ws.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /** The next frame, failing the test if none comes within 10 s. */
    public JsonNode next() {
        try {
            JsonNode n = frames.poll(10, TimeUnit.SECONDS);
            if (n == null) throw new AssertionError("no frame within 10 s; closed=" + closed.getNow(null));
            return n;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next frame, or null when none comes within {@code wait}. */
    public JsonNode poll(Duration wait) {
        try {
            return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Skips frames until one of {@code type} arrives. */
    public JsonNode next(String type) {
        return next(n -> type.equals(n.path("type").asText()));
    }

    public JsonNode next(Predicate<JsonNode> p) {
        while (true) {
            JsonNode n = next();
            if (p.test(n)) return n;
        }
    }

    /** Frames received and not yet taken with next(). */
    public List<JsonNode> pending() {
        return new ArrayList<>(frames);
    }

    /** Every frame ever received. */
    public List<JsonNode> received() {
        synchronized (all) {
            return new ArrayList<>(all);
        }
    }

    public Close awaitClose() {
        try {
            return closed.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection not closed within 15 s", e);
        }
    }

    /** Authenticates by the first-frame path and returns the welcome. */
    public JsonNode auth(String token) {
        send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
        return next("welcome");
    }

    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            try {
                ws.sendClose(1000, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // closed already, or the server is gone: nothing more to do
            }
        }
        if (ws != null) ws.abort();
    }
}
