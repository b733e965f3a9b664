package io.alertrelay.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.alertrelay.auth.Role;
import io.alertrelay.plugin.PluginBusyException;
import io.alertrelay.plugin.PluginHost;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/plugins} (viewer and up) and {@code POST /api/plugins/{id}/restart} (admin; 409 while a thread of
 * the plugin's earlier start still runs).
 */
final class PluginsApi {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final PluginHost host;
    private final ApiAuth auth;

    PluginsApi(PluginHost host, ApiAuth auth) {
        this.host = host;
        this.auth = auth;
    }

    void list(io.undertow.server.HttpServerExchange exchange) {
        if (auth.require(exchange, Role::canRead, "read plugins: use a token of role viewer or higher") == null) return;
        Json.send(exchange, 200, encode(host.statuses()));
    }

    void restart(io.undertow.server.HttpServerExchange exchange) {
        if (auth.require(exchange, Role::canAdminister, "restart plugins: use a token of role admin") == null) return;
        String id = exchange.getQueryParameters().get("id").getFirst();
        try {
            host.restart(id).ifPresentOrElse(s -> Json.send(exchange, 200, encode(s)),
                    () -> Json.error(exchange, 404, "not-found", "no plugin " + id + "; GET /api/plugins lists them"));
        } catch (PluginBusyException e) {
            Json.error(exchange, 409, "plugin-busy", e.getMessage());
        }
    }

    private static byte[] encode(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
