package io.alertrelay.loadtest.server;

/** A server under test that is one process of this machine's, listening on loopback. */
abstract class LocalProcessServer implements ServerUnderTest {

    protected final Process process;
    protected final int port;

    LocalProcessServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        Launch.stop(process);
    }
}
