package io.alertrelay.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressKeyTest {

    @Test
    void anIpv4AddressIsItsOwnKeyAndAnIpv6AddressCountsAsItsSlash64() throws Exception {
        assertThat(AddressKey.of(InetAddress.getByName("192.0.2.7"))).isEqualTo("192.0.2.7");
        String a = AddressKey.of(InetAddress.getByName("2001:db8:1:2::1"));
        assertThat(a).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(AddressKey.of(InetAddress.getByName("2001:db8:1:2:ffff:abcd:1:2")))
                .isEqualTo(a);
        assertThat(AddressKey.of(InetAddress.getByName("2001:db8:1:3::1"))).isNotEqualTo(a);
        assertThat(AddressKey.of(InetAddress.getByName("::ffff:192.0.2.7")))
                .as("IPv4-mapped")
                .isEqualTo("192.0.2.7");
    }
}
