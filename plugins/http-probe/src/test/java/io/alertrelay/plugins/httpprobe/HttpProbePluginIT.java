package io.alertrelay.plugins.httpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.alertrelay.plugin.devkit.InProcessRelay;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built plugin zip in a real relay: a URL answering 503 raises ProbeDown. */
class HttpProbePluginIT {

    @TempDir
    Path dataDir;

    @Test
    void aFailingUrlRaisesProbeDown() throws Exception {
        HttpServer failing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        failing.createContext("/", ex -> {
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        failing.start();
        try (InProcessRelay relay = InProcessRelay.start(
                dataDir,
                Map.of(
                        "http-probe",
                        Map.of(
                                "targets",
                                        List.of(Map.of(
                                                "name",
                                                "shop",
                                                "url",
                                                "http://127.0.0.1:"
                                                        + failing.getAddress().getPort() + "/health",
                                                "interval",
                                                "300ms",
                                                "timeout",
                                                "200ms")),
                                "rules", List.of(Map.of("name", "ProbeDown", "for", "0s")))),
                InProcessRelay.builtPluginZip(Path.of("")))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> relay.alerts().size() > 0);
            JsonNode alert = relay.alerts().get(0);
            assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("ProbeDown");
            assertThat(alert.path("labels").path("target").asText()).isEqualTo("shop");
            assertThat(alert.path("severity").asText()).isEqualTo("critical");
            assertThat(alert.path("source").asText()).isEqualTo("http-probe");
        } finally {
            failing.stop(0);
        }
    }
}
