package io.alertrelay.hostile;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DynamicContainer;

/**
 * The wall's page asked for as a page that frames it, sniffs it or leaks its URL would: it must come with a
 * Content-Security-Policy that forbids inline and foreign script and any framing, {@code nosniff} and
 * {@code no-referrer} (issue 12, item 9).
 */
final class WallHeadersAttack {

    private WallHeadersAttack() {}

    static DynamicContainer run(HostileRelay relay) {
        return relay.attack("wall: security headers on /", a -> {
            List<String> paths = List.of("/", "/index.html");
            for (String path : paths) {
                SourceHttp.Answer r =
                        SourceHttp.send("127.0.0.1", relay.port(), "GET", path, Map.of(), null, ProcessBystanders.CAP);
                a.answer(r);
                Map<String, String> csp = directives(r.headers().getOrDefault("content-security-policy", ""));
                String scripts = csp.getOrDefault("script-src", csp.get("default-src"));
                a.contract.assertThat(r.headers()).as("headers of GET %s", path).containsKey("content-security-policy");
                a.contract
                        .assertThat(scripts)
                        .as("script-src (or default-src) of GET %s: %s", path, csp)
                        .isNotNull()
                        .doesNotContain("'unsafe-inline'")
                        .doesNotContain("*")
                        .doesNotContain("http:")
                        .doesNotContain("https:");
                a.contract
                        .assertThat(csp.get("frame-ancestors"))
                        .as("frame-ancestors of GET %s", path)
                        .isEqualTo("'none'");
                a.contract
                        .assertThat(r.headers().get("x-content-type-options"))
                        .as("X-Content-Type-Options of GET %s", path)
                        .isEqualToIgnoringCase("nosniff");
                a.contract
                        .assertThat(r.headers().get("referrer-policy"))
                        .as("Referrer-Policy of GET %s", path)
                        .isEqualToIgnoringCase("no-referrer");
            }
            a.size(paths.size() + " GETs (" + String.join(", ", paths) + ")");
            a.hold(Duration.ofSeconds(1));
        });
    }

    /** "script-src 'self'; frame-ancestors 'none'" as directive to its sources. */
    static Map<String, String> directives(String csp) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String d : csp.split(";")) {
            String t = d.trim();
            if (t.isEmpty()) continue;
            int sp = t.indexOf(' ');
            String name = (sp < 0 ? t : t.substring(0, sp)).toLowerCase(Locale.ROOT);
            out.put(name, sp < 0 ? "" : t.substring(sp + 1).trim());
        }
        return out;
    }
}
