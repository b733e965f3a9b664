package io.alertrelay.loadtest.server;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A server the harness measures: where it listens, its processes, and how to read its memory. A cluster is one
 * server with several processes: alerts go in at {@link #port()}, clients spread over {@link #clientPorts()}.
 */
public interface ServerUnderTest extends AutoCloseable {

    /** "relay" or "ws-baseline": the name results are filed under. */
    String name();

    String host();

    /** Where the alerts are pushed. */
    int port();

    /** The main process (the node alerts go into). */
    long pid();

    /** Where clients connect: worker {@code w}'s clients go to {@code clientPorts().get(w % size)}. */
    default List<Integer> clientPorts() {
        return List.of(port());
    }

    /** Every process of the server by name, in a stable order: their RSS and CPU are summed, and shown apart. */
    default Map<String, Long> processes() {
        return Map.of(name(), pid());
    }

    /**
     * Live heap after a full collection, in bytes: what the server's objects really hold, without the slack a
     * collector leaves. Empty when the server cannot tell.
     */
    OptionalLong liveHeapAfterGc();

    /** Sessions the server closed for not reading fast enough (1013) so far; empty when it does not say. */
    default OptionalLong slowConsumerCloses() {
        return OptionalLong.empty();
    }

    @Override
    void close();
}
