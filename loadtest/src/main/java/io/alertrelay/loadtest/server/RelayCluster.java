package io.alertrelay.loadtest.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The relay as a cluster on this machine: one redis-server and N relay processes with the same
 * {@code cluster.redis} and the same tokens, each on its own port. Alerts go into node 1; clients spread over all
 * nodes, so what is measured is "alert in on node 1, delivered to the clients of every node". Node 1 starts alone
 * first, so that it alone creates the cluster's epoch in the empty Redis; the others then start together.
 */
public final class RelayCluster implements ServerUnderTest {

    private final RedisProcess redis;
    private final List<RelayServer> nodes;

    private RelayCluster(RedisProcess redis, List<RelayServer> nodes) {
        this.redis = redis;
        this.nodes = nodes;
    }

    public static RelayCluster start(
            Path redisServer,
            Path jar,
            Path workDir,
            List<String> javaOptions,
            int count,
            String viewerToken,
            String ingestToken,
            int maxConnections)
            throws IOException {
        if (count < 1) throw new IllegalArgumentException("--nodes must be at least 1, not " + count);
        RedisProcess redis = RedisProcess.start(redisServer, workDir.resolve("redis"));
        List<RelayServer> nodes = new ArrayList<>();
        try {
            RelayServer first = RelayServer.launch(
                    jar, workDir.resolve("node1"), javaOptions, viewerToken, ingestToken, maxConnections, redis.url());
            nodes.add(first);
            first.awaitHealthy();
            List<Integer> ports = Launch.freePorts(count - 1);
            for (int i = 2; i <= count; i++) {
                nodes.add(RelayServer.launch(
                        jar,
                        workDir.resolve("node" + i),
                        javaOptions,
                        viewerToken,
                        ingestToken,
                        maxConnections,
                        redis.url(),
                        ports.get(i - 2)));
            }
            for (RelayServer n : nodes.subList(1, nodes.size())) n.awaitHealthy();
        } catch (IOException | RuntimeException e) {
            Launch.stopAll(nodes.stream().map(RelayServer::process).toList());
            redis.close();
            throw e;
        }
        return new RelayCluster(redis, List.copyOf(nodes));
    }

    @Override
    public String name() {
        return "relay-cluster";
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return nodes.get(0).port();
    }

    @Override
    public long pid() {
        return nodes.get(0).pid();
    }

    @Override
    public List<Integer> clientPorts() {
        return nodes.stream().map(RelayServer::port).toList();
    }

    @Override
    public Map<String, Long> processes() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++)
            m.put("node" + (i + 1), nodes.get(i).pid());
        m.put("redis", redis.pid());
        return m;
    }

    /**
     * The nodes' live heaps added up (Redis's memory is in its RSS); empty if any node cannot tell. The nodes are
     * asked together: each jcmd runs a full GC and takes a second or more here.
     */
    @Override
    public OptionalLong liveHeapAfterGc() {
        List<CompletableFuture<OptionalLong>> asks = nodes.stream()
                // a thread each: the common pool has one thread on a 2-core machine
                .map(n -> CompletableFuture.supplyAsync(n::liveHeapAfterGc, r -> new Thread(r, "jcmd").start()))
                .toList();
        return sum(asks.stream().map(CompletableFuture::join).toList());
    }

    /** Every node closes its own slow clients: the sum. */
    @Override
    public OptionalLong slowConsumerCloses() {
        return sum(nodes.stream().map(RelayServer::slowConsumerCloses).toList());
    }

    private static OptionalLong sum(List<OptionalLong> parts) {
        long total = 0;
        for (OptionalLong p : parts) {
            if (p.isEmpty()) return OptionalLong.empty();
            total += p.getAsLong();
        }
        return OptionalLong.of(total);
    }

    /** Nodes first, together (each tells its clients it is going away), Redis last. */
    @Override
    public void close() {
        Launch.stopAll(nodes.stream().map(RelayServer::process).toList());
        redis.close();
    }
}
