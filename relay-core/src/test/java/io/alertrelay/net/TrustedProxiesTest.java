package io.alertrelay.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which address is the client, for every shape of X-Forwarded-For a proxy, a client or an attacker can send. */
class TrustedProxiesTest {

    static final TrustedProxies LOCAL_AND_10 = trusted("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8");

    static TrustedProxies trusted(String... blocks) {
        return new TrustedProxies(
                Arrays.stream(blocks).map(b -> Cidr.parse(b).cidr()).toList());
    }

    static InetAddress ip(String literal) {
        return IpLiteral.parse(literal).orElseThrow(() -> new AssertionError(literal + " is not an IP literal"));
    }

    static String client(TrustedProxies t, String peer, String... headers) {
        return t.client(ip(peer), List.of(headers)).getHostAddress();
    }

    @Test
    void aTrustedPeerNamesTheClient() {
        assertThat(client(LOCAL_AND_10, "127.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void anUntrustedPeersHeaderIsIgnored() {
        assertThat(client(LOCAL_AND_10, "198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
    }

    @Test
    void withNoTrustedProxiesTheHeaderNeverCounts() {
        assertThat(client(TrustedProxies.NONE, "127.0.0.1", "203.0.113.9")).isEqualTo("127.0.0.1");
    }

    @Test
    void noHeaderMeansThePeer() {
        assertThat(LOCAL_AND_10.client(ip("127.0.0.1"), List.of()).getHostAddress())
                .isEqualTo("127.0.0.1");
        assertThat(LOCAL_AND_10.client(ip("127.0.0.1"), null).getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void aSpoofedEntryLeftOfTheRealClientIsNeverRead() {
        // the client sent "X-Forwarded-For: 10.0.0.1" hoping to pass as a proxy; nginx appended its real address
        assertThat(client(LOCAL_AND_10, "127.0.0.1", "10.0.0.1, 203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client(LOCAL_AND_10, "127.0.0.1", "1.1.1.1, 2.2.2.2, 203.0.113.9"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void aChainOfTrustedProxiesIsWalkedToTheFirstUntrustedHop() {
        // client -> edge proxy 10.1.1.1 -> inner proxy 10.2.2.2 -> relay (peer 127.0.0.1)
        assertThat(client(LOCAL_AND_10, "127.0.0.1", "198.51.100.7, 10.1.1.1, 10.2.2.2"))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
        assertThat(client(LOCAL_AND_10, "127.0.0.1", "10.9.9.9, 10.1.1.1")).isEqualTo("10.9.9.9");
    }

    @Test
    void severalHeadersAreOneListInOrder() {
        assertThat(client(LOCAL_AND_10, "127.0.0.1", "6.6.6.6", "203.0.113.9, 10.1.1.1"))
                .isEqualTo("203.0.113.9");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2001:db8::7                  | 2001:db8:0:0:0:0:0:7",
                "[2001:db8::7]                | 2001:db8:0:0:0:0:0:7",
                "[2001:db8::7]:4711           | 2001:db8:0:0:0:0:0:7",
                "203.0.113.9:4711             | 203.0.113.9",
                "::ffff:203.0.113.9           | 203.0.113.9",
                "'  203.0.113.9  '            | 203.0.113.9"
            })
    void addressesAreReadInTheFormsProxiesWrite(String entry, String expected) {
        assertThat(client(LOCAL_AND_10, "127.0.0.1", entry)).isEqualTo(expected);
    }

    @Test
    void anIpv6PeerCanBeATrustedProxy() {
        assertThat(client(LOCAL_AND_10, "::1", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client(LOCAL_AND_10, "fd00::17", "2001:db8::7")).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(client(LOCAL_AND_10, "fe80::1", "203.0.113.9"))
                .as("fe80::/10 is not trusted")
                .isEqualTo("fe80:0:0:0:0:0:0:1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "unknown",
                "example.com",
                "localhost",
                "",
                " ",
                "999.1.1.1",
                "1.2.3",
                "1.2.3.4.5",
                "fe80::1%eth0",
                "2001:db8::g",
                "[2001:db8::1",
                "1.2.3.4:99999",
                "1.2.3.4:",
                "_hidden",
                "<script>",
                "01.2.3.4",
                "2001:db8:::1"
            })
    void garbageStopsTheWalkAtTheHopThatWroteIt(String garbage) {
        assertThat(client(LOCAL_AND_10, "127.0.0.1", garbage)).isEqualTo("127.0.0.1");
        assertThat(client(LOCAL_AND_10, "127.0.0.1", "203.0.113.9, " + garbage + ", 10.1.1.1"))
                .isEqualTo("10.1.1.1");
        // garbage left of an untrusted address is never even looked at
        assertThat(client(LOCAL_AND_10, "127.0.0.1", garbage + ", 203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void aHugeChainOfTrustedEntriesIsCutAtTheLimit() {
        String many = String.join(", ", java.util.Collections.nCopies(10_000, "10.0.0.1"));
        assertThat(client(LOCAL_AND_10, "127.0.0.1", "203.0.113.9, " + many)).isEqualTo("10.0.0.1");
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "192.168.1.0/24, 192.168.1.255, true",
        "192.168.1.0/24, 192.168.2.0, false",
        "0.0.0.0/0, 8.8.8.8, true",
        "127.0.0.1, 127.0.0.1, true",
        "127.0.0.1, 127.0.0.2, false",
        "fd00::/8, fdff::1, true",
        "fd00::/8, fc00::1, false",
        "::1, 0:0:0:0:0:0:0:1, true",
        "::/0, 10.0.0.1, false",
        "0.0.0.0/0, ::1, false",
        "10.0.0.0/8, ::ffff:10.0.0.1, true"
    })
    void aBlockHoldsExactlyItsAddresses(String block, String address, boolean inside) {
        assertThat(Cidr.parse(block).cidr().contains(ip(address))).isEqualTo(inside);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "proxy.example.com | is not an IP address or CIDR block",
                "10.0.0.0/33       | has a bad prefix length /33; expected /0 to /32",
                "fd00::/129        | has a bad prefix length /129; expected /0 to /128",
                "10.0.0.0/x        | has a bad prefix length /x",
                "10.0.0.0/-1       | has a bad prefix length /-1",
                "10.1.2.3/8        | has bits set after the /8 prefix, so it is not the start of a block; did you mean"
                        + " 10.0.0.0/8?",
                "fd00::1/8         | did you mean fd00:0:0:0:0:0:0:0/8?",
                "10.0.0.0/         | has a bad prefix length /"
            })
    void aBadBlockSaysWhatIsWrong(String text, String problem) {
        Cidr.Parsed p = Cidr.parse(text);
        assertThat(p.cidr()).isNull();
        assertThat(p.problem()).contains(problem);
    }
}
