package io.alertrelay.plugin.devkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.Relay;
import io.alertrelay.auth.Role;
import io.alertrelay.auth.Tokens;
import io.alertrelay.config.AuthConfig;
import io.alertrelay.config.PluginsConfig;
import io.alertrelay.config.RelayConfig;
import io.alertrelay.config.ServerConfig;
import io.alertrelay.config.TokenConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real relay, started in-process on a free loopback port, with your plugin zip loaded by PF4J from its
 * plugin folder exactly as in production. Tokens: {@link #ADMIN} (admin) and {@link #INGEST} (ingest).
 *
 * <pre>{@code
 * try (InProcessRelay relay = InProcessRelay.start(tempDir, Map.of("my-plugin", Map.of("url", "http://127.0.0.1:9/")),
 *         InProcessRelay.builtPluginZip(Path.of(".")))) {
 *     await().until(() -> relay.alerts().size() > 0);
 * }
 * }</pre>
 */
public final class InProcessRelay implements AutoCloseable {

    public static final String ADMIN = "testkit-admin-token";
    public static final String INGEST = "testkit-ingest-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Relay relay;

    private InProcessRelay(Relay relay) {
        this.relay = relay;
    }

    /**
     * @param dataDir       a fresh directory (a JUnit {@code @TempDir}); plugins are copied to {@code dataDir/plugins}
     * @param pluginConfigs plugin id -> its config section, as plain maps and lists
     * @param pluginFiles   plugin zips or jars to load
     */
    public static InProcessRelay start(Path dataDir, Map<String, ?> pluginConfigs, Path... pluginFiles) {
        return start(dataDir, pluginConfigs, Map.of(), pluginFiles);
    }

    /**
     * As {@link #start(Path, Map, Path...)}, with the environment the relay reads secrets from (e.g. hmacSecretEnv).
     */
    public static InProcessRelay start(
            Path dataDir, Map<String, ?> pluginConfigs, Map<String, String> env, Path... pluginFiles) {
        try {
            Path pluginDir = Files.createDirectories(dataDir.resolve("plugins"));
            for (Path f : pluginFiles) Files.copy(f, pluginDir.resolve(f.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the plugin files into " + dataDir, e);
        }
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        pluginConfigs.forEach((id, section) -> sections.put(id, JSON.valueToTree(section)));
        RelayConfig cfg = RelayConfig.defaults()
                .withServer(new ServerConfig("127.0.0.1", 0, Duration.ofSeconds(30)))
                .withDataDir(dataDir)
                .withAuth(new AuthConfig(
                        List.of(
                                new TokenConfig("testkit-admin", Role.ADMIN, Tokens.sha256Hex(ADMIN)),
                                new TokenConfig("testkit-ingest", Role.INGEST, Tokens.sha256Hex(INGEST))),
                        List.of()))
                .withPlugins(new PluginsConfig(null, sections));
        return new InProcessRelay(Relay.start(cfg, Clock.systemUTC(), env));
    }

    /** The plugin zip a module's {@code package} phase built: {@code <moduleDir>/target/*-plugin.zip}. */
    public static Path builtPluginZip(Path moduleDir) {
        Path target = moduleDir.resolve("target");
        try (DirectoryStream<Path> zips = Files.newDirectoryStream(target, "*-plugin.zip")) {
            for (Path z : zips) return z;
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("no *-plugin.zip in " + target.toAbsolutePath()
                + ": run this test in the integration-test phase (mvn verify), after package built the zip");
    }

    public Relay relay() {
        return relay;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + relay.port();
    }

    /** {@code GET /api/alerts} as JSON. */
    public JsonNode alerts() {
        return get("/api/alerts");
    }

    /** {@code GET /api/plugins} as JSON. */
    public JsonNode plugins() {
        return get("/api/plugins");
    }

    /** One plugin's status from {@code /api/plugins}, or null when it is not there. */
    public JsonNode plugin(String id) {
        for (JsonNode p : plugins()) if (p.path("id").asText().equals(id)) return p;
        return null;
    }

    public JsonNode get(String path) {
        return JSON.valueToTree(parse(request("GET", path, ADMIN, null).body()));
    }

    /** Any request, with a token of your choice (null for none). */
    public HttpResponse<String> request(String method, String path, String token, String body) {
        return request(method, path, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token), body);
    }

    /** Any request with the headers given (a webhook's signature headers, say). */
    public HttpResponse<String> request(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    @Override
    public void close() {
        relay.close();
    }
}
