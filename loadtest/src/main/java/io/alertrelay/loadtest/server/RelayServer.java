package io.alertrelay.loadtest.server;

import io.alertrelay.auth.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The relay as operators run it: {@code java -jar relay.jar --config FILE} in its own process, so its RSS and
 * CPU are its own. The config raises the per-address connection limit (every client comes from a handful of
 * loopback addresses) and logs at WARN: one INFO line per connection would measure the logger.
 */
public final class RelayServer extends LocalProcessServer {

    /**
     * The JVM options ./relay, the systemd unit and the container image start the relay with unless
     * RELAY_JVM_DEFAULTS says otherwise; the load test measures what a user gets (JvmDefaultsTest keeps them equal).
     */
    public static final String LAUNCHER_JVM_DEFAULTS =
            "-XX:+UseSerialGC -Xmn24m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=10";

    private final Path log;

    private RelayServer(Process process, int port, Path log) {
        super(process, port);
        this.log = log;
    }

    public static RelayServer start(
            Path jar,
            Path workDir,
            List<String> javaOptions,
            String viewerToken,
            String ingestToken,
            int maxConnections)
            throws IOException {
        RelayServer r = launch(jar, workDir, javaOptions, viewerToken, ingestToken, maxConnections, null);
        r.awaitHealthy();
        return r;
    }

    /**
     * Starts the process without waiting for it to serve (a cluster starts its later nodes together).
     *
     * @param clusterRedis the cluster's Redis URL, or null for a single node
     */
    static RelayServer launch(
            Path jar,
            Path workDir,
            List<String> javaOptions,
            String viewerToken,
            String ingestToken,
            int maxConnections,
            String clusterRedis)
            throws IOException {
        return launch(
                jar, workDir, javaOptions, viewerToken, ingestToken, maxConnections, clusterRedis, Launch.freePort());
    }

    /** The same, on a port the caller picked (with {@link Launch#freePorts} for nodes started together). */
    static RelayServer launch(
            Path jar,
            Path workDir,
            List<String> javaOptions,
            String viewerToken,
            String ingestToken,
            int maxConnections,
            String clusterRedis,
            int port)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no relay jar at " + jar.toAbsolutePath()
                    + ": build it with ./mvnw -B -q -pl relay-core -am package -DskipTests");
        }
        Files.createDirectories(workDir);
        Path config = workDir.resolve("relay.yaml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "server: {host: 127.0.0.1, port: " + port + "}",
                        "dataDir: " + workDir.resolve("data").toAbsolutePath(),
                        "auth:",
                        "  tokens:",
                        "    - {name: loadtest-viewer, role: viewer, sha256: \"" + Tokens.sha256Hex(viewerToken)
                                + "\"}",
                        "    - {name: loadtest-ingest, role: ingest, sha256: \"" + Tokens.sha256Hex(ingestToken)
                                + "\"}",
                        "limits:",
                        "  maxConnections: " + maxConnections,
                        "  maxConnectionsPerIp: 1000000",
                        "  maxWebhookBytes: 67108864",
                        clusterRedis == null ? "" : "cluster: {redis: \"" + clusterRedis + "\"}",
                        ""));
        List<String> cmd =
                new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(javaOptions);
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("relay.log").toFile());
        pb.environment().put("RELAY_LOG_LEVEL", "WARN");
        return new RelayServer(pb.start(), port, workDir.resolve("relay.log"));
    }

    /** Waits until /healthz answers; stops the process when it does not within 90 s. */
    void awaitHealthy() throws IOException {
        try {
            Launch.awaitHealthy(process, "http://127.0.0.1:" + port, "the relay (log: " + log + ")");
        } catch (IOException e) {
            Launch.stop(process);
            throw e;
        }
    }

    @Override
    public String name() {
        return "relay";
    }

    Process process() {
        return process;
    }

    /** {@code jcmd PID GC.class_histogram} runs a full GC first and totals the live objects it finds. */
    @Override
    public OptionalLong liveHeapAfterGc() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Launch.ask(() -> {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            for (String line : out.split("\n")) {
                if (line.startsWith("Total"))
                    return OptionalLong.of(Long.parseLong(line.trim().split("\\s+")[2]));
            }
            return OptionalLong.empty();
        });
    }

    /** {@code relay_slow_consumer_closes_total} from {@code /metrics}. */
    @Override
    public OptionalLong slowConsumerCloses() {
        return Launch.ask(() -> {
            for (String line :
                    Launch.get("http://127.0.0.1:" + port + "/metrics").split("\n")) {
                if (line.startsWith("relay_slow_consumer_closes_total ")) {
                    return OptionalLong.of((long) Double.parseDouble(
                            line.substring(line.indexOf(' ') + 1).trim()));
                }
            }
            return OptionalLong.empty();
        });
    }
}
