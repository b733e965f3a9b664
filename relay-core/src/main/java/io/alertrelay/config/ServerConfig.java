package io.alertrelay.config;

import io.alertrelay.net.TrustedProxies;
import java.time.Duration;

/**
 * Where the relay listens: one port serves the wall, the WebSocket, the REST API, webhooks and
 * {@code /metrics}.
 *
 * @param host              the address to bind; {@code 127.0.0.1} keeps a first run private
 * @param port              0 to 65535; 0 binds any free port (tests read the bound port back)
 * @param heartbeatInterval how often the relay pings an idle WebSocket session
 * @param tls               null: plain HTTP and WS (behind nginx, or on loopback); set: HTTPS and WSS on the same port
 * @param trustedProxies    peers whose {@code X-Forwarded-For} names the client (nginx in front); none by default
 */
public record ServerConfig(
        String host, int port, Duration heartbeatInterval, TlsConfig tls, TrustedProxies trustedProxies) {

    public ServerConfig {
        if (trustedProxies == null) trustedProxies = TrustedProxies.NONE;
    }

    /** Plain HTTP, no trusted proxies. */
    public ServerConfig(String host, int port, Duration heartbeatInterval) {
        this(host, port, heartbeatInterval, null, TrustedProxies.NONE);
    }

    /** No trusted proxies. */
    public ServerConfig(String host, int port, Duration heartbeatInterval, TlsConfig tls) {
        this(host, port, heartbeatInterval, tls, TrustedProxies.NONE);
    }

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8080, Duration.ofSeconds(30));
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, heartbeatInterval, tls, trustedProxies);
    }

    public ServerConfig withTrustedProxies(TrustedProxies proxies) {
        return new ServerConfig(host, port, heartbeatInterval, tls, proxies);
    }
}
