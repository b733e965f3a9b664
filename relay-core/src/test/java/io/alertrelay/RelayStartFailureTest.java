package io.alertrelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.testing.TestRelay;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails (here: the port is taken) tears down what it built, in the same order as close(). */
class RelayStartFailureTest {

    @TempDir
    Path dataDir;

    @Test
    void aStartOnATakenPortLeavesTheDataDirFreeForTheNextStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestRelay.start(dataDir, t -> t.port = taken.getLocalPort()))
                    .isInstanceOf(RuntimeException.class);
        }
        // the store files (and the data folder's lock) were closed: a second relay may open them
        try (TestRelay relay = TestRelay.start(dataDir)) {
            assertThat(relay.relay.port()).isPositive();
        }
    }
}
