package io.alertrelay.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.alertrelay.loadtest.report.Latency;
import io.alertrelay.loadtest.report.ServerResult;
import io.alertrelay.loadtest.report.StepResult;
import io.alertrelay.loadtest.server.RedisProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The harness keeps working: scenarios/smoke.yaml (200 clients, every kind of step, about 5 s) against the
 * relay jar this build just packaged, against a three-node cluster of it on a real redis-server, and against the
 * Node ws baseline when node is installed. Big runs are not part of the suite; loadtest/README.md has their
 * commands.
 */
class LoadTestSmokeTest {

    @TempDir
    Path out;

    @Test
    void smokeRunAgainstTheRelayDeliversEverySeqInOrderAndWritesItsReports() {
        ServerResult r = run("relay");
        assertEverythingArrived(r);
        assertThat(r.memory().get("heapPerConnectionBytes"))
                .as("jcmd heap measurement")
                .isNotEqualTo(-1L);
    }

    @Test
    void smokeRunAgainstAThreeNodeClusterDeliversEverySeqInOrderToTheClientsOfEveryNodeAndStopsEveryProcess() {
        requireRedis();
        ServerResult r = run("relay-cluster");
        assertEverythingArrived(r);
        @SuppressWarnings("unchecked")
        Map<String, Latency> byNode =
                (Map<String, Latency>) r.steps().get(0).extra().get("latencyByNode");
        assertThat(byNode).as("one-alert-to-all latency per node").containsOnlyKeys("node1", "node2", "node3");
        // 200 clients over three workers, one per node: 67, 67 and 66 clients, each got the 10 alerts
        assertThat(byNode.values())
                .extracting(Latency::count)
                .as("deliveries per node")
                .containsExactly(670L, 670L, 660L);
        @SuppressWarnings("unchecked")
        Map<String, Long> rss = (Map<String, Long>) r.memory().get("rssAfterByProcess");
        assertThat(rss).as("RSS per process").containsOnlyKeys("node1", "node2", "node3", "redis");
        assertThat(rss.values()).allMatch(b -> b > 0);
        // the run stops what it started: three relays, redis-server, the workers
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(ProcessHandle.current()
                                .descendants()
                                .filter(ProcessHandle::isAlive)
                                .map(p -> p.info().commandLine().orElse("?")))
                        .as("processes the run left behind")
                        .isEmpty());
    }

    @Test
    void smokeRunAgainstTheNodeWsBaselineDeliversEverySeqInOrder() {
        requireNode();
        assertEverythingArrived(run("ws-baseline"));
    }

    @Test
    void theKernelFloorBuildsRunsAndReportsItsCpuPerWrite() throws Exception {
        requireProgram("gcc", "gcc", "the kernel floor (--floor) cannot be built");
        StringBuilder printed = new StringBuilder();
        var floor = io.alertrelay.loadtest.floor.KernelFloor.run(
                Path.of("floor/write_floor.c"), out, 200, 5, 400, 2, printed);
        assertThat(floor.cpuPerWriteUs())
                .as("CPU per write; it printed %s", printed)
                .isPositive();
        assertThat(floor.lastReaderP99Ms()).isPositive().isGreaterThanOrEqualTo(floor.lastReaderP50Ms());
        assertThat(printed).contains("200 loopback connections, 5 rounds of one 400-byte frame");
    }

    @Test
    void theStormFloorBuildsRunsAndReportsWhenTheLastClientHadItsReplay() throws Exception {
        requireProgram("gcc", "gcc", "the storm floor (--floor with a storm step) cannot be built");
        StringBuilder printed = new StringBuilder();
        var floor = io.alertrelay.loadtest.floor.KernelFloor.handshake(
                Path.of("floor/handshake_floor.c"), out, 300, 20, 400, 2, printed);
        assertThat(floor.allResumedMs()).as("it printed %s", printed).isPositive();
        assertThat(floor.serverCpuPerClientUs()).isPositive();
        assertThat(printed).contains("300 loopback clients connecting at once", "a replay of 20 400-byte frames");
    }

    private ServerResult run(String server) {
        RunCommand cmd = new RunCommand();
        int code = new CommandLine(cmd)
                .execute(
                        "--scenario",
                        "scenarios/smoke.yaml",
                        "--server",
                        server,
                        "--relay-jar",
                        "../relay-core/target/relay.jar",
                        "--baseline-dir",
                        "baseline",
                        "--out",
                        out.toString(),
                        "--await-seconds",
                        "30");
        assertThat(code).as("exit code of loadtest run").isZero();
        try (var dirs = Files.list(out)) {
            Path dir = dirs.findFirst().orElseThrow();
            assertThat(dir.resolve("result.json")).isNotEmptyFile();
            assertThat(dir.resolve("summary.txt")).isNotEmptyFile();
            assertThat(Files.readString(dir.resolve("latency.html"))).contains("<svg");
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read the run's output folder " + out, e);
        }
        return cmd.result.servers().get(0);
    }

    private static void assertEverythingArrived(ServerResult r) {
        assertThat(r.connect().get("failed")).as("failed connections").isEqualTo(0);
        assertThat(r.lost()).as("seqs lost").isZero();
        assertThat(r.outOfOrder()).as("frames out of order").isZero();
        assertThat(r.resets()).as("resumes answered with a reset snapshot").isZero();
        StepResult storm = r.steps().stream()
                .filter(s -> s.kind().equals("storm"))
                .findFirst()
                .orElseThrow();
        assertThat(((Number) storm.extra().get("resumedMs")).doubleValue())
                .as("storm resumed")
                .isPositive();
        assertThat(((Number) storm.extra().get("replayed")).longValue())
                .as("frames replayed")
                .isEqualTo(200L * 20);
        StepResult fanout = r.steps().get(0);
        assertThat(fanout.deliveries()).isEqualTo(200L * 10);
        assertThat(fanout.latency().count()).isEqualTo(200L * 10);
    }

    /** A program a test needs: skipped with a loud reason locally, a failure under CI=true. */
    private static void requireProgram(String name, String debianPackage, String consequence) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) return;
        }
        String why = name + " is not installed (Debian package " + debianPackage + "): " + consequence;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("CI=true and " + why);
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }

    /** redis-server is needed for the cluster: skipped with a loud reason locally, a failure under CI=true. */
    private static void requireRedis() {
        if (RedisProcess.find().isPresent()) return;
        String why = "redis-server is not installed (Debian package redis-server): the relay cluster cannot run";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("CI=true and " + why);
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }

    /** node is needed for the baseline: skipped with a loud reason locally, a failure under CI=true. */
    private static void requireNode() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "node")) && Files.isExecutable(Path.of(dir, "npm"))) return;
        }
        String why = "node and npm are not installed (Debian packages nodejs npm): the ws baseline cannot run";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("CI=true and " + why);
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }
}
