package io.alertrelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.net.Cidr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** server.trustedProxies from the file and from RELAY_SERVER_TRUSTED_PROXIES, and what a bad entry says. */
class TrustedProxiesConfigTest {

    @TempDir
    Path dir;

    Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("relay.yaml"), yaml);
    }

    static java.util.List<String> blocks(RelayConfig c) {
        return c.server().trustedProxies().proxies().stream()
                .map(Cidr::toString)
                .toList();
    }

    @Test
    void noProxyIsTrustedByDefault() {
        assertThat(ConfigLoader.load(null, Map.of()).server().trustedProxies().isEmpty())
                .isTrue();
    }

    @Test
    void addressesAndBlocksComeFromTheFile() throws IOException {
        Path f = write("server:\n  trustedProxies: [127.0.0.1, 10.0.0.0/8, \"::1\", \"fd00::/8\"]\n");
        assertThat(blocks(ConfigLoader.load(f, Map.of())))
                .containsExactly("127.0.0.1/32", "10.0.0.0/8", "0:0:0:0:0:0:0:1/128", "fd00:0:0:0:0:0:0:0/8");
    }

    @Test
    void theVariableTakesACommaListOrAYamlListAndReplacesTheFilesList() throws IOException {
        Path f = write("server:\n  trustedProxies: [192.168.0.0/16]\n");
        assertThat(blocks(ConfigLoader.load(f, Map.of("RELAY_SERVER_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8"))))
                .containsExactly("127.0.0.1/32", "10.0.0.0/8");
        assertThat(blocks(ConfigLoader.load(f, Map.of("RELAY_SERVER_TRUSTED_PROXIES", "['::1', 10.1.0.0/16]"))))
                .containsExactly("0:0:0:0:0:0:0:1/128", "10.1.0.0/16");
    }

    @Test
    void anEmptyVariablePutsTheDefaultBack() throws IOException {
        Path f = write("server:\n  trustedProxies: [192.168.0.0/16]\n");
        assertThat(ConfigLoader.load(f, Map.of("RELAY_SERVER_TRUSTED_PROXIES", ""))
                        .server()
                        .trustedProxies()
                        .isEmpty())
                .isTrue();
    }

    @Test
    void everyBadEntryIsNamedWithItsIndexAndValue() throws IOException {
        Path f = write("server:\n  trustedProxies: [127.0.0.1, nginx.internal, 10.1.2.3/8, 10.0.0.0/40, 8080]\n");
        assertThat(ConfigLoaderTest.catchConfig(f, Map.of()).getMessage().split("\n"))
                .containsExactly(
                        "config error in " + f
                                + " at server.trustedProxies[1]: \"nginx.internal\" is not an IP address or"
                                + " CIDR block; expected an address like 10.0.0.5 or ::1, or a block like 10.0.0.0/8 or"
                                + " fd00::/8 (host names are not allowed: they would need DNS)",
                        "config error in " + f
                                + " at server.trustedProxies[2]: \"10.1.2.3/8\" has bits set after the /8"
                                + " prefix, so it is not the start of a block; did you mean 10.0.0.0/8?",
                        "config error in " + f
                                + " at server.trustedProxies[3]: \"10.0.0.0/40\" has a bad prefix length /40;"
                                + " expected /0 to /32 for an IPv4 address",
                        "config error in " + f
                                + " at server.trustedProxies[4]: 8080 is not an IP address or CIDR block;"
                                + " expected text like 10.0.0.5, 10.0.0.0/8 or ::1");
    }

    @Test
    void aBadEntryFromTheVariableNamesTheVariable() {
        String message = ConfigLoaderTest.catchConfig(null, Map.of("RELAY_SERVER_TRUSTED_PROXIES", "127.0.0.1,local"))
                .getMessage();
        assertThat(message)
                .isEqualTo("config error in environment variable RELAY_SERVER_TRUSTED_PROXIES at"
                        + " server.trustedProxies[1]: \"local\" is not an IP address or CIDR block; expected an"
                        + " address like"
                        + " 10.0.0.5 or ::1, or a block like 10.0.0.0/8 or fd00::/8 (host names are not allowed: they"
                        + " would"
                        + " need DNS)");
    }

    @Test
    void aSingleValueIsNotAList() throws IOException {
        Path f = write("server:\n  trustedProxies: 127.0.0.1\n");
        assertThat(ConfigLoaderTest.catchConfig(f, Map.of()).getMessage())
                .isEqualTo("config error in " + f
                        + " at server.trustedProxies: \"127.0.0.1\" is not a list; expected a list, like"
                        + " [127.0.0.1, 10.0.0.0/8, \"::1\"]");
    }
}
