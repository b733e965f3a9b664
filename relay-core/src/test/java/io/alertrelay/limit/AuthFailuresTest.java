package io.alertrelay.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Failures per address: a minute's worth at once, then one per refill; a bounded table. Time is injected. */
class AuthFailuresTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void anAddressIsRefusedOnceItsMinuteOfFailuresIsUsedAndAgainAllowedAsItRefills() {
        AuthFailures f = new AuthFailures(30, 100);
        for (int i = 0; i < 29; i++) assertThat(f.failed("192.0.2.1", 0)).isFalse();
        assertThat(f.refusedForSeconds("192.0.2.1", 0)).isZero();
        assertThat(f.failed("192.0.2.1", 0))
                .as("the 30th: the last of the allowance")
                .isTrue();
        assertThat(f.refusedForSeconds("192.0.2.1", 0)).isEqualTo(2);
        assertThat(f.refusedForSeconds("192.0.2.2", 0)).as("another address").isZero();
        assertThat(f.refusedForSeconds("192.0.2.1", 2 * SECOND))
                .as("one refilled after 2 s")
                .isZero();
        assertThat(f.failed("192.0.2.1", 2 * SECOND)).as("used at once").isTrue();
        assertThat(f.failed("192.0.2.1", 2 * SECOND))
                .as("reported once per lockout")
                .isFalse();
    }

    @Test
    void theTableKeepsTheAddressesUsedMostRecently() {
        AuthFailures f = new AuthFailures(1, 3);
        f.failed("a", 0);
        for (String other : new String[] {"b", "c", "d"}) f.failed(other, 0);
        assertThat(f.size()).isEqualTo(3);
        assertThat(f.refusedForSeconds("a", 0))
                .as("forgotten: the one used longest ago")
                .isZero();
        assertThat(f.refusedForSeconds("d", 0)).isPositive();
    }
}
