package io.alertrelay.hostile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's hostile-input suite: every attack of the issue and its near variants, one after the other, against one
 * real relay process, while bystanders push, watch on walls and poll {@code /metrics} all through. Each attack
 * answers six tests: what the relay answered the attack (the fix's contract), then each pass criterion on its own
 * (bystander pushes, deliveries, {@code /metrics}, nothing lost) and honest health. The figures of every attack are
 * printed as one table at the end of the run ({@link HostileTally}); every wait is capped, so the suite ends in
 * bounded time even against a relay that stalls.
 */
@ExtendWith(HostileTally.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {

    HostileRelay relay;

    @BeforeAll
    void start(@TempDir Path dir) {
        relay = HostileRelay.start(dir, "relay process, text logs", false);
    }

    @AfterAll
    void stop() {
        if (relay != null) relay.close();
    }

    @Order(1)
    @TestFactory
    List<DynamicNode> baseline() {
        return List.of(relay.attack("none (baseline)", a -> {
            a.size("bystanders only");
            a.hold(Duration.ofSeconds(2));
        }));
    }

    @Order(2)
    @TestFactory
    List<DynamicNode> wallSecurityHeaders() {
        return List.of(WallHeadersAttack.run(relay));
    }

    @Order(3)
    @TestFactory
    List<DynamicNode> loneSurrogates() {
        return List.of(SurrogateAttack.run(relay));
    }

    @Order(4)
    @TestFactory
    List<DynamicNode> hmacReplays() {
        return List.of(ReplayAttack.run(relay));
    }

    @Order(5)
    @TestFactory
    List<DynamicNode> logForging() {
        return List.of(LogForgingAttack.run(relay, false));
    }

    @Order(6)
    @TestFactory
    List<DynamicNode> hookFloods() {
        return List.copyOf(HookFloodAttack.run(relay));
    }

    @Order(7)
    @TestFactory
    List<DynamicNode> slowBodies() throws Exception {
        return List.copyOf(SlowBodyAttack.run(relay));
    }

    @Order(8)
    @TestFactory
    List<DynamicNode> closeCodeCardinality() {
        return List.of(CloseCodeAttack.run(relay));
    }

    @Order(9)
    @TestFactory
    List<DynamicNode> regexBombs() {
        List<DynamicNode> all = new java.util.ArrayList<>(RegexBombAttack.run(relay));
        all.addAll(RegexElsewhereAttack.run(relay));
        return all;
    }

    /** Last: today this flood can leave the relay short of memory. */
    @Order(10)
    @TestFactory
    List<DynamicNode> endlessFragments() {
        return List.copyOf(FragmentAttack.run(relay));
    }
}
