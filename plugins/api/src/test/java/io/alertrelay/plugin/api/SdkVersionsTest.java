package io.alertrelay.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SDK's version is written in a few places that must agree: PluginApi.VERSION, the root pom's sdk.version,
 * the versions of the API, testkit and BOM modules; and the BOM names the relay, PF4J and SLF4J the relay has.
 */
class SdkVersionsTest {

    static final Path REPO = Path.of("../..");

    static String tag(String xml, String tag) {
        Matcher m = Pattern.compile("<" + Pattern.quote(tag) + ">([^<]+)</" + Pattern.quote(tag) + ">")
                .matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    /** The module's own version: the first <version> after its <artifactId>. */
    static String moduleVersion(String xml, String artifactId) {
        int at = xml.indexOf("<artifactId>" + artifactId + "</artifactId>");
        return tag(xml.substring(at), "version");
    }

    @Test
    void everyPlaceSaysTheSameVersion() throws IOException {
        String root = Files.readString(REPO.resolve("pom.xml"));
        String bom = Files.readString(REPO.resolve("plugins/bom/pom.xml"));
        assertThat(tag(root, "sdk.version")).isEqualTo(PluginApi.VERSION);
        assertThat(moduleVersion(Files.readString(REPO.resolve("plugins/api/pom.xml")), "relay-plugin-api"))
                .isEqualTo(PluginApi.VERSION);
        assertThat(moduleVersion(Files.readString(REPO.resolve("plugins/testkit/pom.xml")), "relay-plugin-testkit"))
                .isEqualTo(PluginApi.VERSION);
        assertThat(moduleVersion(bom, "relay-plugin-bom")).isEqualTo(PluginApi.VERSION);
        assertThat(moduleVersion(bom, "relay-plugin-api")).isEqualTo(PluginApi.VERSION);
        assertThat(moduleVersion(bom, "relay-plugin-testkit")).isEqualTo(PluginApi.VERSION);
        assertThat(tag(bom, "relay.version")).isEqualTo(moduleVersion(root, "alert-relay-parent"));
        assertThat(tag(bom, "pf4j.version")).isEqualTo(tag(root, "pf4j.version"));
        assertThat(tag(bom, "slf4j.version")).isEqualTo(tag(root, "slf4j.version"));
    }
}
