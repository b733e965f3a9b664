package io.alertrelay.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A block of addresses, {@code 10.0.0.0/8} or {@code fd00::/8}; a single address is a block of one.
 *
 * @param network the first address of the block (the bits after the prefix are zero)
 * @param prefix  how many leading bits an address must share with {@code network}
 */
public record Cidr(InetAddress network, int prefix) {

    /**
     * Parses {@code address} or {@code address/prefix}.
     *
     * @return empty with nothing to say when it is fine; otherwise why {@code text} is not a block, for a config error
     */
    public static Parsed parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        Optional<InetAddress> a = IpLiteral.parse(addr);
        if (a.isEmpty()) {
            return Parsed.problem("is not an IP address or CIDR block; expected an address like 10.0.0.5 or ::1, or a"
                    + " block like 10.0.0.0/8 or fd00::/8 (host names are not allowed: they would need DNS)");
        }
        int bits = a.get().getAddress().length * 8;
        if (slash < 0) return Parsed.ok(new Cidr(a.get(), bits));
        String p = t.substring(slash + 1);
        if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bits) {
            return Parsed.problem("has a bad prefix length /" + p + "; expected /0 to /" + bits + " for an IPv"
                    + (bits == 32 ? "4" : "6") + " address");
        }
        int prefix = Integer.parseInt(p);
        byte[] masked = mask(a.get().getAddress(), prefix);
        if (!Arrays.equals(masked, a.get().getAddress())) {
            String network = literal(masked) + "/" + prefix;
            return Parsed.problem("has bits set after the /" + prefix + " prefix, so it is not the start of a block;"
                    + " did you mean " + network + "?");
        }
        return Parsed.ok(new Cidr(a.get(), prefix));
    }

    /** The result of {@link #parse}: a block, or what is wrong with the text. */
    public record Parsed(Cidr cidr, String problem) {
        static Parsed ok(Cidr c) {
            return new Parsed(c, null);
        }

        static Parsed problem(String why) {
            return new Parsed(null, why);
        }
    }

    /** True when {@code a} is inside this block; an IPv4 address is never inside an IPv6 block, nor the reverse. */
    public boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == network.getAddress().length && Arrays.equals(mask(b, prefix), network.getAddress());
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    private static String literal(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only thrown for a wrong length, and the length came from an address
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
