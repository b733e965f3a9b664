package io.alertrelay.plugin.testkit;

import io.alertrelay.plugin.api.Json;
import io.alertrelay.plugin.api.WebhookFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real relay for end-to-end tests: started as a separate process from its own jar, on a free loopback port,
 * with your plugin zip in its plugin folder, loaded by the relay exactly as in production. Your test's class path
 * gets nothing of the relay's. Stopped by {@link #close()}.
 *
 * <p>The relay jar comes from the system property {@code relay.jar} (the project {@code ./relay plugin new}
 * writes copies {@code io.alertrelay:relay-core:server} from the local Maven repository and sets it), else the
 * environment variable {@code RELAY_JAR}.
 *
 * <pre>{@code
 * try (RunningRelay relay = RunningRelay.builder(tempDir)
 *         .plugin(RunningRelay.builtPluginZip(Path.of(".")))
 *         .pluginConfig("my-plugin", Map.of("dir", spool.toString()))
 *         .start()) {
 *     await().until(() -> relay.firing("SpoolBacklog").isPresent());
 * }
 * }</pre>
 *
 * Tokens: {@link #ADMIN} reads and changes everything; {@link #INGEST} pushes alerts and webhooks.
 */
public final class RunningRelay implements AutoCloseable {

    public static final String ADMIN = "testkit-admin-token";
    public static final String INGEST = "testkit-ingest-token";
    private static final Pattern SERVING = Pattern.compile("is serving on (http://\\S+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> base = new CompletableFuture<>();
    private final Path dataDir;

    private RunningRelay(Process process, Path dataDir) {
        this.process = process;
        this.dataDir = dataDir;
        Thread reader = new Thread(this::readOutput, "relay-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** A relay whose data, config and plugin folder live in {@code dataDir} (a JUnit {@code @TempDir}). */
    public static RelayBuilder builder(Path dataDir) {
        return new RelayBuilder(dataDir);
    }

    /** The plugin zip a project's {@code package} phase built: {@code <projectDir>/target/*-plugin.zip}. */
    public static Path builtPluginZip(Path projectDir) {
        Path target = projectDir.resolve("target");
        try (var zips = Files.newDirectoryStream(target, "*-plugin.zip")) {
            for (Path z : zips) return z;
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("no *-plugin.zip in " + target.toAbsolutePath()
                + ": run end-to-end tests in the integration-test phase (mvn verify), after package built the zip");
    }

    static RunningRelay launch(Path jar, Path dataDir, Path config, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-Drelay.builtinPlugins=" + dataDir.resolve("no-builtin-plugins"),
                        "-jar",
                        jar.toString(),
                        "--config",
                        config.toString())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        RunningRelay relay = new RunningRelay(pb.start(), dataDir);
        try {
            relay.base.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            relay.close();
            throw new IllegalStateException("the relay did not start; its output:\n" + String.join("\n", relay.output));
        }
        return relay;
    }

    private void readOutput() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                output.add(line);
                Matcher m = SERVING.matcher(line);
                if (m.find()) base.complete(m.group(1));
            }
        } catch (IOException ignored) {
            // the process is gone
        }
        base.completeExceptionally(new IllegalStateException("the relay exited"));
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return base.join();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The plugin folder: drop a new build here and the relay replaces the running plugin within seconds. */
    public Path pluginDir() {
        return dataDir.resolve("plugins");
    }

    /** What the relay printed so far (its log): attach it to a failing assertion. */
    public List<String> output() {
        return List.copyOf(output);
    }

    /** {@code GET /api/alerts}: every alert the relay holds, firing and recently resolved. */
    public List<Map<String, Object>> alerts() {
        return objects(get("/api/alerts"));
    }

    /** The firing alert named {@code alertname}, if there is one. */
    public Optional<Map<String, Object>> firing(String alertname) {
        return alerts().stream()
                .filter(a -> alertname.equals(Json.at(a, "labels", "alertname")))
                .filter(a -> "firing".equals(a.get("status")))
                .findFirst();
    }

    /** The alert named {@code alertname} in whatever state, preferring a firing one. */
    public Optional<Map<String, Object>> alert(String alertname) {
        Optional<Map<String, Object>> f = firing(alertname);
        if (f.isPresent()) return f;
        return alerts().stream()
                .filter(a -> alertname.equals(Json.at(a, "labels", "alertname")))
                .findFirst();
    }

    /** {@code GET /api/plugins}: each plugin's id, version, sha256, state, lastError... */
    public List<Map<String, Object>> plugins() {
        return objects(get("/api/plugins"));
    }

    /** One plugin's status, if the relay knows it. */
    public Optional<Map<String, Object>> plugin(String id) {
        return plugins().stream().filter(p -> id.equals(p.get("id"))).findFirst();
    }

    /** A GET with the admin token, as JSON values ({@link Json}). */
    public Object get(String path) {
        HttpResponse<String> r = request("GET", path, ADMIN, null);
        try {
            return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
        } catch (WebhookFormatException e) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ", not JSON: " + r.body());
        }
    }

    /** Any request with a token of your choice (null for none); a webhook delivery is {@code POST /hooks/<name>}. */
    public HttpResponse<String> request(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Object list) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (list instanceof List<?> l)
            for (Object o : l) if (o instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        return out;
    }

    /** Stops the relay (SIGTERM, its own clean shutdown; SIGKILL after 20 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the config and the plugin folder, then starts the relay. */
    public static final class RelayBuilder {
        private final Path dataDir;
        private final List<Path> plugins = new ArrayList<>();
        private final Map<String, Object> pluginConfigs = new LinkedHashMap<>();
        private final List<Object> hooks = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path jar;

        private RelayBuilder(Path dataDir) {
            this.dataDir = dataDir;
        }

        /** A plugin zip (or jar) to put in the relay's plugin folder. */
        public RelayBuilder plugin(Path zip) {
            plugins.add(zip);
            return this;
        }

        /** The section {@code plugins.<id>} of the relay config, as maps, lists, strings, numbers, booleans. */
        public RelayBuilder pluginConfig(String pluginId, Map<String, ?> section) {
            pluginConfigs.put(pluginId, section);
            return this;
        }

        /**
         * A webhook {@code /hooks/<name>} read by {@code format} with {@code options}, authenticated with the
         * {@link #INGEST} token as its bearer token.
         */
        public RelayBuilder hook(String name, String format, Map<String, ?> options) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("name", name);
            h.put("format", format);
            h.put("tokenSha256", RelayConfigText.sha256Hex(INGEST));
            h.put("options", options);
            hooks.add(h);
            return this;
        }

        /** An environment variable for the relay (a secret a config key names, a {@code RELAY_*} override). */
        public RelayBuilder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** The relay jar to run, instead of the {@code relay.jar} property or {@code RELAY_JAR}. */
        public RelayBuilder jar(Path relayJar) {
            this.jar = relayJar;
            return this;
        }

        public RunningRelay start() {
            try {
                Path pluginDir = Files.createDirectories(dataDir.resolve("plugins"));
                for (Path p : plugins) Files.copy(p, pluginDir.resolve(p.getFileName()));
                Map<String, Object> sections = new LinkedHashMap<>(pluginConfigs);
                if (!hooks.isEmpty()) sections.put("webhooks", Map.of("hooks", hooks));
                Path config = dataDir.resolve("relay.yaml");
                Files.writeString(config, RelayConfigText.of(dataDir, ADMIN, INGEST, sections));
                return launch(jar != null ? jar : RelayConfigText.relayJar(), dataDir, config, env);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the relay in " + dataDir, e);
            }
        }
    }
}
