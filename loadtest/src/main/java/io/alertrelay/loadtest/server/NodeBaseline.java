package io.alertrelay.loadtest.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * loadtest/baseline/server.js: the Node.js + {@code ws} stack the relay replaces, started with
 * {@code --expose-gc} so {@code GET /debug/memory} can report the live heap after a collection, as
 * {@code jcmd} does for the relay.
 */
public final class NodeBaseline extends LocalProcessServer {

    private NodeBaseline(Process process, int port) {
        super(process, port);
    }

    /** Runs {@code npm ci} in {@code dir} first when its node_modules is missing. */
    public static NodeBaseline start(Path dir, Path workDir, String viewerToken, String ingestToken)
            throws IOException {
        ensureInstalled(dir);
        Files.createDirectories(workDir);
        int port = Launch.freePort();
        ProcessBuilder pb = new ProcessBuilder(
                        "node",
                        "--expose-gc",
                        dir.resolve("server.js").toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("ws-baseline.log").toFile());
        pb.environment().put("HOST", "127.0.0.1");
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("TOKENS", viewerToken + "," + ingestToken);
        Process p = pb.start();
        Launch.awaitHealthy(p, "http://127.0.0.1:" + port, "the ws baseline");
        return new NodeBaseline(p, port);
    }

    static void ensureInstalled(Path dir) throws IOException {
        if (Files.isDirectory(dir.resolve("node_modules/ws"))) return;
        // npm's output goes to a log, never to this process's stdin/stdout: under Maven's test runner those are
        // its channel to the build, and npm writing there (or reading from it) breaks the build with
        // "[SUREFIRE] std/in stream corrupted" although every test passed
        Path log = dir.resolve("npm-ci.log");
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefix", dir.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IOException("npm ci --prefix " + dir + " failed; its output is in " + log + ": " + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during npm ci", e);
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public String name() {
        return "ws-baseline";
    }

    @Override
    public OptionalLong liveHeapAfterGc() {
        return Launch.ask(() -> OptionalLong.of(new ObjectMapper()
                .readTree(Launch.get("http://127.0.0.1:" + port + "/debug/memory"))
                .path("heapUsed")
                .asLong()));
    }
}
