package io.alertrelay.wall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.alertrelay.testing.Chromium;
import io.alertrelay.testing.TestRelay;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

/**
 * The wall's Content-Security-Policy and friends, as a browser applies them: the wall still signs in, goes live
 * and shows cards without one violation, while an injected inline script does not run and a foreign page cannot
 * frame it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WallSecurityHeadersTest {

    TestRelay relay;
    Chromium browser;

    @BeforeAll
    void start() throws Exception {
        relay = TestRelay.start(Files.createTempDirectory("wall-csp-"));
        browser = Chromium.shared(1200, 800);
    }

    @AfterAll
    void stop() {
        if (relay != null) relay.close();
    }

    @Test
    void everyAssetOfTheWallCarriesThePolicyAndTheApiAllowsNothing() {
        for (String path : List.of("/", "/index.html", "/js/main.js", "/css/base.css", "/favicon.svg")) {
            HttpResponse<String> r = relay.http("GET", path, null, null);
            assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
            String csp = r.headers().firstValue("content-security-policy").orElse("");
            assertThat(csp)
                    .as("CSP of %s", path)
                    .contains("script-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(r.headers().firstValue("x-content-type-options"))
                    .as("nosniff on %s", path)
                    .hasValue("nosniff");
            assertThat(r.headers().firstValue("referrer-policy"))
                    .as("referrer on %s", path)
                    .hasValue("no-referrer");
            assertThat(r.headers().firstValue("x-frame-options"))
                    .as("framing of %s", path)
                    .hasValue("DENY");
        }
        for (String path : List.of("/api/alerts", "/metrics", "/readyz", "/api/nothing-here")) {
            HttpResponse<String> r = relay.http("GET", path, TestRelay.ADMIN, null);
            assertThat(r.headers().firstValue("content-security-policy"))
                    .as("CSP of %s", path)
                    .hasValue("default-src 'none'; frame-ancestors 'none'");
            assertThat(r.headers().firstValue("x-content-type-options"))
                    .as("nosniff on %s", path)
                    .hasValue("nosniff");
        }
    }

    @Test
    void theWallWorksUnderItsPolicyAndAnInjectedInlineScriptDoesNotRun() {
        WallPage wall = new WallPage(browser, relay.base())
                .signInByLink(TestRelay.VIEWER, null)
                .waitLive();
        relay.push("[{\"labels\":{\"alertname\":\"CspCard\",\"severity\":\"critical\",\"instance\":\"vps-1\"}}]");
        wall.waitForCard(WallPage.fingerprint("alertname", "CspCard", "severity", "critical", "instance", "vps-1"));
        assertThat(browser.consoleErrors())
                .as("console errors (CSP violations among them) on a working wall")
                .isEmpty();

        browser.js("window.__violations = [];"
                + "document.addEventListener('securitypolicyviolation', e =>"
                + " window.__violations.push(e.violatedDirective));"
                + "const s = document.createElement('script'); s.textContent = 'window.__injected = true;';"
                + "document.body.appendChild(s);");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !((List<?>) browser.js("return window.__violations;")).isEmpty());
        assertThat(browser.js("return window.__injected === true;"))
                .as("the injected script ran")
                .isEqualTo(false);
        assertThat((List<?>) browser.js("return window.__violations;"))
                .first()
                .asString()
                .startsWith("script-src");
        browser.consoleErrors(); // the refusal itself is logged as an error: that is the point
    }

    /**
     * A page of another origin, on loopback like the relay (Chromium refuses a public page's frames onto a local
     * address by itself, which would hide what the wall's own headers do), frames the wall. WebDriver can enter a
     * cross-origin frame: what it finds there must be the browser's error page, not the wall.
     */
    @Test
    void aForeignPageCannotFrameTheWall() throws Exception {
        byte[] page = ("<!doctype html><iframe id=framed src='" + relay.base() + "/index.html'></iframe>")
                .getBytes(StandardCharsets.UTF_8);
        HttpServer framer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        framer.createContext("/", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        framer.start();
        try {
            browser.driver.get("http://127.0.0.1:" + framer.getAddress().getPort() + "/");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "complete"
                            .equals(browser.js(
                                    "const d = document.getElementById('framed'); return d && document.readyState;")));
            browser.driver.switchTo().frame("framed");
            assertThat(browser.driver.findElements(By.id("conn")))
                    .as(
                            "the wall's status inside the frame: %s",
                            browser.js("return document.body ? document.body.innerText : '';"))
                    .isEmpty();
        } finally {
            browser.driver.switchTo().defaultContent();
            browser.driver.get("about:blank");
            framer.stop(0);
        }
        browser.consoleErrors(); // the refusal is logged as an error: that is the point
    }
}
