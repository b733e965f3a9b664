package io.alertrelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.config.LimitsConfig;
import io.alertrelay.config.ServerConfig;
import io.alertrelay.testing.Nginx;
import io.alertrelay.testing.NginxSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped deploy/nginx files: the real nginx accepts them ({@code nginx -t}), the test rendering changes only
 * addresses and paths, and their numbers agree with the relay's (body limits, timeouts above the heartbeat).
 */
class NginxConfigTest {

    @TempDir
    Path dir;

    static String site() throws Exception {
        return Files.readString(NginxSite.shippedDir().resolve("alert-relay.conf"));
    }

    @Test
    void nginxAcceptsTheShippedFiles() throws Exception {
        String out = Nginx.configTest(dir, List.of(18081, 18082, 18083));
        assertThat(out).contains("syntax is ok").contains("test is successful");
    }

    @Test
    void renderingChangesOnlyAddressesAndPaths() throws Exception {
        Nginx.configTest(dir, List.of(18081));
        List<String> shipped = Files.readAllLines(NginxSite.shippedDir().resolve("alert-relay.conf"));
        List<String> rendered = Files.readAllLines(dir.resolve("conf.d/alert-relay.conf"));
        List<String> changed = new ArrayList<>(shipped);
        changed.removeAll(rendered);
        assertThat(changed)
                .allMatch(
                        l -> l.matches("\\s*(server 10\\.0\\.0\\.1[0-9]:8080|listen |ssl_certificate).*"),
                        "only upstream servers, listen lines and certificate paths");
        assertThat(rendered).contains("    server 127.0.0.1:18081 max_fails=1 fail_timeout=10s;");
        List<String> main = Files.readAllLines(dir.resolve("nginx.conf"));
        assertThat(main).contains("worker_shutdown_timeout 10s;", "worker_rlimit_nofile 65536;");
    }

    @Test
    void bodyLimitsAreTheRelaysOwn() throws Exception {
        String site = site();
        long webhook = LimitsConfig.defaults().maxWebhookBytes();
        for (String location : List.of("location = /api/v2/alerts", "location /hooks/")) {
            assertThat(bytes(directiveIn(site, location, "client_max_body_size")))
                    .as(location)
                    .isEqualTo(webhook);
        }
        // acks and silences: the relay reads at most 64 KiB (AlertsApi, SilencesApi)
        assertThat(bytes(serverLevel(site, "client_max_body_size"))).isEqualTo(65_536);
    }

    @Test
    void nginxReadsWholeBodiesWithinTheRelaysBodyTimeout() throws Exception {
        String site = site();
        assertThat(Long.parseLong(serverLevel(site, "client_body_timeout").replace("s", "")))
                .isEqualTo(LimitsConfig.DEFAULT_REQUEST_BODY_TIMEOUT.toSeconds());
        assertThat(site)
                .as("bodies buffered by nginx before they reach a relay")
                .doesNotContain("proxy_request_buffering off");
    }

    @Test
    void pooledUpstreamConnectionsCloseBeforeTheRelayClosesThem() throws Exception {
        long nginxIdle = Long.parseLong(
                directiveIn(site(), "upstream alert_relay", "keepalive_timeout").replace("s", ""));
        assertThat(nginxIdle)
                .as("a POST on a connection the relay is closing gets a 502, and is not retried")
                .isLessThan(io.alertrelay.config.LimitsConfig.DEFAULT_REQUEST_HEADER_TIMEOUT.toSeconds());
        assertThat(directiveIn(site(), "location = /ws", "proxy_next_upstream")).contains("http_503");
    }

    @Test
    void theWebSocketOutlivesTwoMissedHeartbeats() throws Exception {
        String site = site();
        long heartbeat = ServerConfig.defaults().heartbeatInterval().toSeconds();
        for (String timeout : List.of("proxy_read_timeout", "proxy_send_timeout")) {
            String value = directiveIn(site, "location = /ws", timeout);
            assertThat(Long.parseLong(value.replace("s", ""))).as(timeout).isGreaterThan(2 * heartbeat);
        }
        assertThat(directiveIn(site, "location = /ws", "proxy_buffering")).isEqualTo("off");
        assertThat(site)
                .contains("map $http_upgrade $alert_relay_connection")
                .contains("proxy_set_header Upgrade $http_upgrade;")
                .contains("proxy_set_header Connection $alert_relay_connection;")
                .contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;")
                .contains("proxy_set_header X-Forwarded-Proto $scheme;")
                .contains("proxy_set_header X-Real-IP $remote_addr;")
                .contains("proxy_set_header Host $host;");
    }

    @Test
    void tlsIsCurrent() throws Exception {
        String site = site();
        assertThat(site)
                .contains("ssl_protocols TLSv1.2 TLSv1.3;")
                .contains("add_header Strict-Transport-Security \"max-age=63072000\" always;")
                .contains("# ssl_stapling on;")
                .doesNotContain("TLSv1.1")
                .doesNotContain("CBC")
                .doesNotContain("SHA:");
        // forward secrecy and AEAD only: every suite is (EC)DHE key exchange with GCM or ChaCha20-Poly1305
        assertThat(serverLevel(site, "ssl_ciphers").split(":"))
                .allMatch(c -> c.matches("(ECDHE|DHE)-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)"));
    }

    /** The value of {@code directive} inside the block that starts with {@code location}. */
    static String directiveIn(String site, String location, String directive) {
        int start = site.indexOf(location + " {");
        assertThat(start).as("%s in alert-relay.conf", location).isNotNegative();
        String block = site.substring(start, site.indexOf('}', start));
        Matcher m = Pattern.compile("(?m)^\\s*" + directive + "\\s+([^;]+);").matcher(block);
        assertThat(m.find()).as("%s in %s", directive, location).isTrue();
        return m.group(1).strip();
    }

    /** The value of a directive written directly in a server block (four spaces in, outside any location). */
    static String serverLevel(String site, String directive) {
        Matcher m = Pattern.compile("(?m)^    " + directive + "\\s+([^;]+);").matcher(site);
        assertThat(m.find()).as("%s at server level", directive).isTrue();
        return m.group(1).strip();
    }

    static long bytes(String size) {
        long n = Long.parseLong(size.replaceAll("[kKmM]$", ""));
        return size.endsWith("m") || size.endsWith("M")
                ? n << 20
                : size.endsWith("k") || size.endsWith("K") ? n << 10 : n;
    }
}
