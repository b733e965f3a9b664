package io.alertrelay.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.management.OperatingSystemMXBean;
import io.alertrelay.loadtest.clock.WallClock;
import io.alertrelay.loadtest.coord.ScenarioRunner;
import io.alertrelay.loadtest.floor.KernelFloor;
import io.alertrelay.loadtest.report.FloorResult;
import io.alertrelay.loadtest.report.LatencyChart;
import io.alertrelay.loadtest.report.RunResult;
import io.alertrelay.loadtest.report.ServerResult;
import io.alertrelay.loadtest.report.Summary;
import io.alertrelay.loadtest.scenario.Scenario;
import io.alertrelay.loadtest.scenario.Scenarios;
import io.alertrelay.loadtest.scenario.Step;
import io.alertrelay.loadtest.server.NodeBaseline;
import io.alertrelay.loadtest.server.ProcessProbe;
import io.alertrelay.loadtest.server.RedisProcess;
import io.alertrelay.loadtest.server.RelayCluster;
import io.alertrelay.loadtest.server.RelayServer;
import io.alertrelay.loadtest.server.ServerUnderTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: one scenario against each server named, one after the other on a fresh process, with the same
 * workers, clients and steps; writes result.json, summary.txt and latency.html into a new folder.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a scenario against the relay, a relay cluster on one Redis, and/or the Node ws baseline.")
public final class RunCommand implements Callable<Integer> {

    static final String VIEWER = "loadtest-viewer-token";
    static final String INGEST = "loadtest-ingest-token";

    @Option(
            names = "--scenario",
            required = true,
            paramLabel = "FILE",
            description = "A scenario file, e.g. loadtest/scenarios/fanout.yaml.")
    Path scenarioFile;

    @Option(
            names = "--server",
            defaultValue = "both",
            description = "relay, relay-cluster, ws-baseline, a comma-separated"
                    + " list of them (run in that order), or both (relay,ws-baseline). Default: ${DEFAULT-VALUE}.")
    String server;

    @Option(
            names = "--nodes",
            defaultValue = "3",
            description = "Relay processes of relay-cluster, all on one redis-server;"
                    + " alerts go into node 1, clients spread over all. Default: ${DEFAULT-VALUE}.")
    int nodes;

    @Option(
            names = "--redis-server",
            description = "The redis-server program for relay-cluster. Default: the one on the PATH.")
    Path redisServer;

    @Option(names = "--clients", description = "Override the scenario's client count.")
    Integer clients;

    @Option(
            names = "--relay-jar",
            defaultValue = "relay-core/target/relay.jar",
            description = "Default: ${DEFAULT-VALUE}.")
    Path relayJar;

    @Option(
            names = "--relay-jvm-defaults",
            defaultValue = RelayServer.LAUNCHER_JVM_DEFAULTS,
            description = "The JVM defaults the relay starts with, as ./relay, the systemd unit and the image give"
                    + " them (RELAY_JVM_DEFAULTS); \"\" for the JVM's own. Default: ${DEFAULT-VALUE}.")
    String relayJvmDefaults;

    @Option(
            names = "--relay-java-opts",
            defaultValue = "",
            description = "JVM options for the relay, after --relay-jvm-defaults, space-separated.")
    String relayJavaOpts;

    @Option(names = "--baseline-dir", defaultValue = "loadtest/baseline", description = "Default: ${DEFAULT-VALUE}.")
    Path baselineDir;

    @Option(
            names = "--out",
            defaultValue = "loadtest/results",
            description = "Results go into a new folder here. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(
            names = "--clients-per-worker",
            defaultValue = "10000",
            description = "Default: ${DEFAULT-VALUE} (a process may hold 20,000 files here).")
    int clientsPerWorker;

    @Option(
            names = "--addresses-per-worker",
            defaultValue = "4",
            description = "Loopback source addresses per worker. Default: ${DEFAULT-VALUE}.")
    int addressesPerWorker;

    @Option(
            names = "--await-seconds",
            defaultValue = "60",
            description = "How long to wait for deliveries before counting them lost. Default: ${DEFAULT-VALUE}.")
    long awaitSeconds;

    @Option(
            names = "--floor",
            description = "Also measure the kernel floor (loadtest/floor/write_floor.c, built with gcc) with the same"
                    + " client count, before the servers, and set each server's CPU per delivery and p99 against it;"
                    + " for a scenario with a storm step also the storm's floor (loadtest/floor/handshake_floor.c).")
    boolean floor;

    @Option(
            names = "--handshake-floor-source",
            defaultValue = "loadtest/floor/handshake_floor.c",
            description = "Default: ${DEFAULT-VALUE}.")
    Path handshakeFloorSource;

    @Option(
            names = "--floor-source",
            defaultValue = "loadtest/floor/write_floor.c",
            description = "Default: ${DEFAULT-VALUE}.")
    Path floorSource;

    @Option(names = "--floor-rounds", defaultValue = "40", description = "Default: ${DEFAULT-VALUE}.")
    int floorRounds;

    @Option(
            names = "--floor-frame-bytes",
            defaultValue = "400",
            description =
                    "The floor's frame size; the default is one alert frame of the harness (a 395-byte payload and its 4-byte header, rounded up). Default:"
                            + " ${DEFAULT-VALUE}.")
    int floorFrameBytes;

    @Option(
            names = "--floor-threads",
            description = "The floor's writer threads. Default: one per core, as the relay's I/O threads.")
    Integer floorThreads;

    /** The run's result, for callers in the same JVM (the smoke test). */
    RunResult result;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = Scenarios.load(scenarioFile);
        if (clients != null) scenario = scenario.withClients(clients);
        List<String> names = server.equals("both") ? List.of("relay", "ws-baseline") : List.of(server.split(","));
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        Path dir = out.resolve(stamp + "-" + scenario.name());
        Files.createDirectories(dir);
        Map<String, Object> machine = machine();
        System.out.printf(
                "scenario %s, %d clients, servers %s; results in %s%nmachine %s%n",
                scenario.name(), scenario.clients(), names, dir, machine);
        ScenarioRunner.Options options = new ScenarioRunner.Options(
                clientsPerWorker,
                addressesPerWorker,
                List.of("-Xss256k", "-XX:+UseSerialGC", "-Xmx1g"),
                VIEWER,
                INGEST,
                awaitSeconds);
        FloorResult floorResult = null;
        if (floor) {
            int threads =
                    floorThreads != null ? floorThreads : Runtime.getRuntime().availableProcessors();
            System.out.printf(
                    "floor: %d connections, %d rounds of %d bytes, %d writer thread(s); load average %.2f%n",
                    scenario.clients(), floorRounds, floorFrameBytes, threads, ProcessProbe.loadAverage());
            Path floorDir = Files.createDirectories(dir.resolve("floor"));
            floorResult = KernelFloor.run(
                    floorSource, floorDir, scenario.clients(), floorRounds, floorFrameBytes, threads, System.out);
            for (Step step : scenario.steps()) {
                if (!step.kind().equals("storm")) continue;
                // the replay a storm's client resumes with: one frame per change made while it was away
                floorResult = floorResult.withHandshake(KernelFloor.handshake(
                        handshakeFloorSource,
                        floorDir,
                        scenario.clients(),
                        step.alertsWhileDown(),
                        floorFrameBytes,
                        threads,
                        System.out));
                break;
            }
        }
        List<ServerResult> results = new ArrayList<>();
        for (String name : names) {
            try (ServerUnderTest s = start(name, dir)) {
                System.out.printf("%s: pid %d on %s:%d%n", name, s.pid(), s.host(), s.port());
                results.add(new ScenarioRunner(scenario, s, options, System.out).run());
            }
        }
        Map<String, Double> ratios = results.size() == 2 ? Summary.ratios(results.get(0), results.get(1)) : Map.of();
        // the same steps on each server are what the summary puts side by side
        result = new RunResult(scenario.name(), scenario.description(), stamp, machine, results, ratios, floorResult);
        String summary = Summary.text(result);
        Files.writeString(dir.resolve("summary.txt"), summary);
        Files.writeString(dir.resolve("latency.html"), LatencyChart.html(result));
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("result.json").toFile(), result);
        System.out.println();
        System.out.println(summary);
        System.out.println("wrote " + dir.resolve("result.json") + ", summary.txt, latency.html");
        return 0;
    }

    private ServerUnderTest start(String name, Path dir) throws IOException {
        return switch (name) {
            case "relay" -> RelayServer.start(relayJar, dir.resolve("relay"), relayJavaOpts(), VIEWER, INGEST, 20_000);
            case "relay-cluster" ->
                RelayCluster.start(
                        redisServer(),
                        relayJar,
                        dir.resolve("relay-cluster"),
                        relayJavaOpts(),
                        nodes,
                        VIEWER,
                        INGEST,
                        20_000);
            case "ws-baseline" -> NodeBaseline.start(baselineDir, dir.resolve("ws-baseline"), VIEWER, INGEST);
            default ->
                throw new IllegalArgumentException(
                        "--server must be relay, relay-cluster, ws-baseline, a comma-separated list of them, or both;"
                                + " not "
                                + name);
        };
    }

    private List<String> relayJavaOpts() {
        String all = (relayJvmDefaults + " " + relayJavaOpts).trim();
        return all.isEmpty() ? List.of() : List.of(all.split("\\s+"));
    }

    private Path redisServer() throws IOException {
        if (redisServer != null) return redisServer;
        return RedisProcess.find()
                .orElseThrow(() -> new IOException("relay-cluster needs redis-server, which is not on"
                        + " the PATH: apt-get install redis-server (Debian package redis-server), or"
                        + " name it with --redis-server"));
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put(
                "memoryGiB",
                Math.round(((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize()
                        / 1073741824.0));
        m.put("loadAverageAtStart", ProcessProbe.loadAverage());
        m.put("harness", "same machine");
        m.put(
                "clock",
                "CLOCK_REALTIME anchored once per process (anchor error " + WallClock.anchorErrorNanos() + " ns)");
        return m;
    }
}
