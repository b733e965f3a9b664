package io.alertrelay.hostile;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log-forging attack of {@link HostileInputTest} against a relay that logs JSON ({@code RELAY_LOG_FORMAT=json}):
 * every line of its log must still parse as one JSON object, with its bystanders served throughout.
 */
@ExtendWith(HostileTally.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonLogForgingTest {

    HostileRelay relay;

    @BeforeAll
    void start(@TempDir Path dir) {
        relay = HostileRelay.start(dir, "relay process, JSON logs", true);
    }

    @AfterAll
    void stop() {
        if (relay != null) relay.close();
    }

    @TestFactory
    List<DynamicNode> logForgingInJson() {
        return List.of(LogForgingAttack.run(relay, true));
    }
}
