package io.alertrelay.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which TCP peers may say who the client is ({@code server.trustedProxies}), and the client address that follows.
 *
 * <p>{@code X-Forwarded-For} is a list every proxy appends to: {@code client, proxy1, proxy2}, with the last proxy's
 * own address being the TCP peer. Anyone can send the header, so only the entries added by proxies we trust mean
 * anything: walking from the right, each address that is itself a trusted proxy passes us one step further left,
 * and the first one that is not is the client. Everything left of it may be forged and is never read. An entry
 * that is not an IP address stops the walk: the client is then the last trusted hop that wrote the garbage.
 *
 * @param proxies the blocks whose peers are trusted; empty (the default) ignores the header altogether
 */
public record TrustedProxies(List<Cidr> proxies) {

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** How many entries one request may carry before the rest (the leftmost, the forgeable end) is ignored. */
    static final int MAX_ENTRIES = 32;

    public TrustedProxies {
        proxies = List.copyOf(proxies);
    }

    public boolean isEmpty() {
        return proxies.isEmpty();
    }

    public boolean trusts(InetAddress a) {
        for (Cidr c : proxies) {
            if (c.contains(a)) return true;
        }
        return false;
    }

    /**
     * The client's address.
     *
     * @param peer      the TCP peer of the connection
     * @param forwarded every {@code X-Forwarded-For} header of the request, in the order received (null or empty: none)
     * @return {@code peer} unless it is a trusted proxy and the header names someone further out
     */
    public InetAddress client(InetAddress peer, List<String> forwarded) {
        if (proxies.isEmpty() || forwarded == null || forwarded.isEmpty() || !trusts(peer)) return peer;
        List<String> entries = entries(forwarded);
        InetAddress current = peer;
        for (int i = entries.size() - 1; i >= 0 && entries.size() - i <= MAX_ENTRIES; i--) {
            Optional<InetAddress> hop = IpLiteral.parseForwarded(entries.get(i));
            if (hop.isEmpty()) return current; // garbage from the hop we trusted: it is the closest we know
            current = hop.get();
            if (!trusts(current)) return current;
        }
        return current; // every entry was a trusted proxy: the leftmost one is where the request came from
    }

    /** The entries of all headers as one list; several headers are one list joined with commas (RFC 9110). */
    private static List<String> entries(List<String> headers) {
        List<String> out = new ArrayList<>();
        for (String h : headers) {
            if (h == null) continue;
            for (String e : h.split(",", -1)) out.add(e);
        }
        return out;
    }
}
