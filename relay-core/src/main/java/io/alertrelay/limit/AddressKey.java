package io.alertrelay.limit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The key a per-client-address limit counts under. An IPv4 address is one client. An IPv6 client is its /64: that
 * is what one site or one host is given, so an attacker holding a /64 (every home line and cloud VM has one) could
 * otherwise make up 2^64 addresses and never reach a per-address limit.
 */
public final class AddressKey {

    private AddressKey() {}

    /** {@code 192.0.2.7}, or {@code 2001:db8:1:2:0:0:0:0/64} for any address in that IPv6 /64. */
    public static String of(InetAddress address) {
        if (!(address instanceof Inet6Address)) return address.getHostAddress();
        byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(prefix, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        } catch (UnknownHostException impossible) { // 16 bytes are always an address
            throw new IllegalStateException(impossible);
        }
    }
}
