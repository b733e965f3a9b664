package io.alertrelay.hardening;

import io.alertrelay.testing.TestRelay;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hardening test's stage: a relay in its own data folder and {@link Bystanders} using it while the test
 * attacks. A subclass's own clean-up runs first (JUnit runs a subclass's {@code @AfterEach} before this one).
 */
abstract class BystandedTest {

    @TempDir
    Path dataDir;

    TestRelay relay;
    Bystanders bystanders;

    /** Starts the relay, tweaked as the test needs, and the bystanders' default load on it. */
    void serve(Consumer<TestRelay.Tweaks> tweak) {
        relay = TestRelay.start(dataDir, tweak);
        bystanders = Bystanders.start(relay);
    }

    void serve() {
        serve(t -> {});
    }

    @AfterEach
    void stopBystandersAndRelay() {
        if (bystanders != null) bystanders.close();
        if (relay != null) relay.close();
    }
}
