package io.alertrelay.loadtest.floor;

import io.alertrelay.loadtest.report.FloorResult;
import io.alertrelay.loadtest.report.HandshakeFloor;
import io.alertrelay.loadtest.server.ProcessProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@code loadtest/floor/write_floor.c} (and, for a storm, {@code handshake_floor.c}) with the machine's C
 * compiler and runs it, so that a run can set the servers' numbers against the kernel's in the same invocation,
 * on the same machine, minutes apart. Loopback
 * only, a bounded number of rounds; the program stops by itself.
 */
public final class KernelFloor {

    /** Two processes hold one end each; the writer's side stays under the 20,000 open files one process may hold. */
    public static final int MAX_CONNECTIONS = 19_000;

    private static final Pattern LINE = Pattern.compile("FLOOR cpuPerWriteUs=([0-9.]+) lastReaderP50Ms=([0-9.]+)"
            + " lastReaderP90Ms=([0-9.]+) lastReaderP99Ms=([0-9.]+)");

    private KernelFloor() {}

    /**
     * Compiles the floor into {@code dir} and runs it over {@code connections} sockets; what it printed goes to
     * {@code out}. Fails with the compiler's or the program's own words.
     */
    public static FloorResult run(
            Path source, Path dir, int connections, int rounds, int frameBytes, int threads, Appendable out)
            throws IOException, InterruptedException {
        double load = ProcessProbe.loadAverage();
        Matcher m = compileAndRun(source, dir, LINE, 600, out, connections, rounds, frameBytes, threads);
        return new FloorResult(
                connections,
                rounds,
                frameBytes,
                threads,
                Double.parseDouble(m.group(1)),
                Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)),
                load,
                null);
    }

    private static final Pattern HANDSHAKE_LINE =
            Pattern.compile("HANDSHAKE_FLOOR allResumedMs=([0-9.]+) serverCpuPerClientUs=([0-9.]+)");

    /**
     * Compiles {@code loadtest/floor/handshake_floor.c} into {@code dir} and runs it: {@code clients} connecting
     * at once, each upgraded and sent {@code replayFrames} frames of {@code frameBytes}; what it printed goes to
     * {@code out}.
     */
    public static HandshakeFloor handshake(
            Path source, Path dir, int clients, int replayFrames, int frameBytes, int threads, Appendable out)
            throws IOException, InterruptedException {
        double load = ProcessProbe.loadAverage();
        Matcher m = compileAndRun(source, dir, HANDSHAKE_LINE, 300, out, clients, replayFrames, frameBytes, threads);
        return new HandshakeFloor(
                clients,
                replayFrames,
                frameBytes,
                threads,
                Double.parseDouble(m.group(1)),
                Double.parseDouble(m.group(2)),
                load);
    }

    /**
     * Builds {@code source} with the machine's C compiler, runs it with {@code args} (the first: how many
     * connections), copies what it printed to {@code out}, and finds {@code line} in it.
     */
    private static Matcher compileAndRun(Path source, Path dir, Pattern line, long seconds, Appendable out, int... args)
            throws IOException, InterruptedException {
        if (args[0] > MAX_CONNECTIONS)
            throw new IllegalArgumentException(source.getFileName() + " holds at most " + MAX_CONNECTIONS
                    + " connections per process; run it with --clients " + MAX_CONNECTIONS + " or fewer");
        String name = source.getFileName().toString().replaceFirst("\\.c$", "");
        Path binary = dir.resolve(name);
        String cc = System.getenv().getOrDefault("CC", "gcc");
        run(List.of(cc, "-O2", "-pthread", "-o", binary.toString(), source.toString()), 120);
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        for (int a : args) command.add(Integer.toString(a));
        String text = run(command, seconds);
        out.append(text);
        Matcher m = line.matcher(text);
        if (!m.find()) throw new IOException(name + " printed no line like " + line.pattern() + ":\n" + text);
        return m;
    }

    private static String run(List<String> command, long seconds) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(
                    "cannot run " + command.get(0) + " (the floor needs a C compiler: apt-get install"
                            + " gcc, or leave out --floor): " + e.getMessage(),
                    e);
        }
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + seconds + " s:\n" + text);
        }
        if (p.exitValue() != 0)
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + text);
        return text;
    }
}
