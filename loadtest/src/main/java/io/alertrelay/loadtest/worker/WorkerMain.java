package io.alertrelay.loadtest.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertrelay.loadtest.client.ClientLoop;
import io.alertrelay.loadtest.client.ConnectBatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A worker process: holds up to one process's worth of client connections (the open-file limit) and obeys
 * the coordinator, one JSON command per line on stdin, one JSON answer per line on stdout with the same
 * {@code id}. Answers may come out of order (a connect takes seconds; snapshots are answered meanwhile).
 * The worker ends when stdin closes, so it can never outlive the coordinator.
 */
public final class WorkerMain {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerMain() {}

    /** args: host port path token source[,source...] */
    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
        List<InetAddress> sources = new ArrayList<>();
        for (String s : args[4].split(",")) sources.add(InetAddress.getByName(s));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (ClientLoop loop = new ClientLoop(server, args[2], args[3], sources);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode cmd = JSON.readTree(line);
                long id = cmd.path("id").asLong();
                String name = cmd.path("cmd").asText();
                if (name.equals("quit")) break;
                dispatch(loop, name, cmd).whenComplete((result, error) -> answer(out, id, result, error));
            }
        }
        System.exit(0);
    }

    private static CompletableFuture<?> dispatch(ClientLoop loop, String name, JsonNode cmd) {
        return switch (name) {
            case "connect" ->
                loop.connect(
                                cmd.path("count").asInt(),
                                cmd.path("perSecond").asDouble(),
                                cmd.path("inFlight").asInt(),
                                cmd.path("receiveBuffer").asInt())
                        .thenApply(WorkerMain::connectResult);
            case "snapshot" ->
                loop.snapshot(
                        cmd.path("target").asLong(-1), cmd.path("histogram").asBoolean());
            case "pause" -> loop.pause(cmd.path("fraction").asDouble());
            case "drop" -> loop.drop();
            case "reconnect" -> loop.reconnect(cmd.path("target").asLong());
            default -> CompletableFuture.failedFuture(new IllegalArgumentException("unknown command " + name));
        };
    }

    private static ObjectNode connectResult(ConnectBatch b) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ok", b.ok())
                .put("failed", b.failedCount())
                .put("startNanos", b.startEpochNanos())
                .put("endNanos", b.endEpochNanos())
                .put("handshakeP50Micros", b.handshakeMicros().getValueAtPercentile(50))
                .put("handshakeP99Micros", b.handshakeMicros().getValueAtPercentile(99))
                .put("handshakeMaxMicros", b.handshakeMicros().getMaxValue());
        return n;
    }

    private static synchronized void answer(PrintStream out, long id, Object result, Throwable error) {
        ObjectNode n = JSON.createObjectNode().put("id", id);
        if (error != null) n.put("error", String.valueOf(error));
        else n.set("result", JSON.valueToTree(result));
        out.println(n);
        out.flush();
    }
}
