package io.alertrelay.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bodies per address and bytes in all, the unauthenticated share, and what is given back when. */
class BodyBudgetTest {

    static final long MIB = 1L << 20;

    @Test
    void anAddressHasAtMostItsNumberOfBodiesOpenAndGetsAPlaceBackOnceABodyIsRead() {
        BodyBudget budget = new BodyBudget(64 * MIB, 2);
        BodyBudget.Body first = budget.open("a", true).body();
        budget.open("a", true);
        assertThat(budget.open("a", true).refusal()).isEqualTo(BodyBudget.Refusal.TOO_MANY_FROM_ADDRESS);
        assertThat(budget.open("b", true).refusal()).isNull();
        first.read();
        assertThat(budget.openFrom("a")).isEqualTo(1);
        assertThat(budget.bytes()).as("its bytes stay until it is closed").isEqualTo(3 * BodyBudget.MIN_CHARGE);
        first.close();
        first.close();
        assertThat(budget.bytes()).isEqualTo(2 * BodyBudget.MIN_CHARGE);
        assertThat(budget.openFrom("a")).isEqualTo(1);
    }

    @Test
    void unauthenticatedBodiesHoldAtMostHalfAndAuthenticatedOnesTheRest() {
        BodyBudget budget = new BodyBudget(4 * MIB, 1000);
        BodyBudget.Body signed = budget.open("a", false).body();
        assertThat(signed.receive(2 * MIB)).as("up to half").isTrue();
        assertThat(signed.receive(1)).isFalse();
        assertThat(budget.open("b", false).refusal()).isEqualTo(BodyBudget.Refusal.NO_BYTES_LEFT);
        BodyBudget.Body bearer = budget.open("c", true).body();
        assertThat(bearer.receive(2 * MIB)).as("the other half").isTrue();
        assertThat(bearer.receive(1)).isFalse();
        assertThat(budget.open("d", true).refusal()).isEqualTo(BodyBudget.Refusal.NO_BYTES_LEFT);
        signed.close();
        assertThat(budget.open("d", true).refusal()).isNull();
        assertThat(budget.bytes()).isEqualTo(2 * MIB + BodyBudget.MIN_CHARGE);
    }

    @Test
    void aBodyIsChargedWhatItReceivedAndAtLeastTheMinimum() {
        BodyBudget budget = new BodyBudget(4 * MIB, 10);
        BodyBudget.Body body = budget.open("a", true).body();
        assertThat(body.receive(1000)).isTrue();
        assertThat(budget.bytes()).isEqualTo(BodyBudget.MIN_CHARGE);
        assertThat(body.receive(BodyBudget.MIN_CHARGE)).isTrue();
        assertThat(budget.bytes()).isEqualTo(BodyBudget.MIN_CHARGE + 1000);
        body.close();
        assertThat(budget.bytes()).isZero();
        assertThat(budget.openFrom("a")).isZero();
    }
}
