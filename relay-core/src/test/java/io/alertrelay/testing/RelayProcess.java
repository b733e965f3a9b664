package io.alertrelay.testing;

import io.alertrelay.auth.Tokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay as a separate JVM (the test class path, {@code io.alertrelay.RelayMain}), so a test can kill it
 * with SIGKILL and start it again on the same dataDir. Tokens are the {@link TestRelay} ones, configured by hash.
 */
public final class RelayProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("is serving on (http://\\S+)");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> base = new CompletableFuture<>();

    private RelayProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            output.add(line);
                            Matcher m = SERVING.matcher(line);
                            if (m.find()) base.complete(m.group(1));
                        }
                    } catch (IOException ignored) {
                        // the process is gone
                    }
                    base.completeExceptionally(new IllegalStateException("relay exited before serving: " + output));
                },
                "relay-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Writes a config with the test tokens and {@code extraYaml}, starts the relay and waits until it serves. */
    public static RelayProcess start(Path dir, Path dataDir, int port, String extraYaml) throws IOException {
        return start(dir, dataDir, port, extraYaml, java.util.Map.of());
    }

    /**
     * As above, with {@code env} added to the relay's environment: secrets named in the config (hook secrets),
     * {@code RELAY_*} overrides, {@code RELAY_LOG_FORMAT}.
     */
    public static RelayProcess start(
            Path dir, Path dataDir, int port, String extraYaml, java.util.Map<String, String> env) throws IOException {
        Path config = dir.resolve("relay-" + System.nanoTime() + ".yaml");
        Files.writeString(
                config,
                "server: {host: 127.0.0.1, port: " + port + "}\n"
                        + "dataDir: " + dataDir + "\n"
                        + "auth:\n  tokens:\n"
                        + token("admin", "admin", TestRelay.ADMIN) + token("operator", "operator", TestRelay.OPERATOR)
                        + token("viewer", "viewer", TestRelay.VIEWER) + token("ingest", "ingest", TestRelay.INGEST)
                        + extraYaml);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java, "-Xmx256m", "-cp", cp, "io.alertrelay.RelayMain", "--config", config.toString())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        RelayProcess relay = new RelayProcess(p);
        try {
            relay.base.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            relay.close();
            throw new IllegalStateException("relay did not start: " + relay.output, e);
        }
        return relay;
    }

    private static String token(String name, String role, String token) {
        return "    - {name: " + name + ", role: " + role + ", sha256: \"" + Tokens.sha256Hex(token) + "\"}\n";
    }

    public String base() {
        return base.join();
    }

    public int port() {
        return Integer.parseInt(base().replaceAll(".*:", ""));
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no close frames, nothing flushed by the JVM. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("relay did not die");
    }

    /** SIGTERM: the relay's own shutdown (sessions closed with 1001, the store closed cleanly), then waits. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("relay did not stop: " + output);
    }

    public boolean waitFor(Duration d) throws InterruptedException {
        return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
