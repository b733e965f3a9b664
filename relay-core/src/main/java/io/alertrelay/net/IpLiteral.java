package io.alertrelay.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses IP address literals without ever asking DNS: {@link InetAddress#getByName} resolves anything that does not
 * look like a literal, and a header or config value must never make the relay send a DNS query.
 */
final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    /** Hex groups and colons, with an optional dotted IPv4 tail (::ffff:10.0.0.1); no zone id (%eth0). */
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:]+(:[0-9.]+)?");

    private IpLiteral() {}

    /** An IPv4 or IPv6 literal, exactly; anything else (a host name, a port, a zone id, spaces) is empty. */
    static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) return Optional.empty();
        if (IPV4.matcher(text).matches()) return literal(text);
        // in brackets the JDK parses an IPv6 literal or fails; it never falls back to a name lookup
        if (text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches()) return literal("[" + text + "]");
        return Optional.empty();
    }

    /**
     * One entry of an {@code X-Forwarded-For} list as proxies write it: a bare address, or (from some proxies) an
     * IPv6 address in brackets, or either with a port ({@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}).
     */
    static Optional<InetAddress> parseForwarded(String entry) {
        String e = entry.strip();
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            if (close < 0) return Optional.empty();
            String rest = e.substring(close + 1);
            if (!rest.isEmpty() && !(rest.startsWith(":") && port(rest.substring(1)))) return Optional.empty();
            return parse(e.substring(1, close));
        }
        int colon = e.indexOf(':');
        if (colon > 0 && colon == e.lastIndexOf(':') && port(e.substring(colon + 1))) {
            return parse(e.substring(0, colon)).filter(a -> a.getAddress().length == 4); // 192.0.2.1:4711
        }
        return parse(e);
    }

    private static boolean port(String text) {
        return text.matches("[0-9]{1,5}") && Integer.parseInt(text) <= 65_535;
    }

    private static Optional<InetAddress> literal(String text) {
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
