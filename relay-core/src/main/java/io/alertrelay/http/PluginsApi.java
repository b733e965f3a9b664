package io.alertrelay.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.alertrelay.command.Command;
import io.alertrelay.command.Operations;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /api/plugins} and {@code POST /api/plugins/{id}/restart} (409 {@code plugin-busy} while a thread of
 * the plugin's earlier start still runs): a REST adapter.
 */
final class PluginsApi {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Operations ops;

    PluginsApi(Operations ops) {
        this.ops = ops;
    }

    void list(HttpServerExchange exchange) throws Exception {
        Answer.send(exchange, 200, () -> JSON.writeValueAsBytes(ops.plugins()));
    }

    void restart(HttpServerExchange exchange) throws Exception {
        String id = exchange.getQueryParameters().get("id").getFirst();
        Answer.send(exchange, 200, () -> JSON.writeValueAsBytes(ops.restartPlugin(new Command.RestartPlugin(id))));
    }
}
