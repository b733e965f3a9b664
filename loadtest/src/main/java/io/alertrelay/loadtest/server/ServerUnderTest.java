package io.alertrelay.loadtest.server;

import java.util.OptionalLong;

/** A server the harness measures: where it listens, its process, and how to read its memory. */
public interface ServerUnderTest extends AutoCloseable {

    /** "relay" or "ws-baseline": the name results are filed under. */
    String name();

    String host();

    int port();

    long pid();

    /**
     * Live heap after a full collection, in bytes: what the server's objects really hold, without the slack a
     * collector leaves. Empty when the server cannot tell.
     */
    OptionalLong liveHeapAfterGc();

    /** Sessions the server closed for not reading fast enough (1013) so far; empty when it does not say. */
    default OptionalLong slowConsumerCloses() { return OptionalLong.empty(); }

    @Override
    void close();
}
