package io.alertrelay.wall;

import io.alertrelay.alert.Fingerprint;
import io.alertrelay.testing.Chromium;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The alert wall as a test sees it: what a person would look at and click, named for what it is. */
final class WallPage {

    static final Duration WAIT = Duration.ofSeconds(10);
    final Chromium browser;
    final String base;

    WallPage(Chromium browser, String base) {
        this.browser = browser;
        this.base = base;
    }

    /** Opens the wall with the token in the fragment, as the link the relay prints. */
    WallPage signInByLink(String token, String query) {
        browser.driver.get(base + "/" + (query == null ? "" : "?" + query) + "#token=" + token);
        return this;
    }

    WallPage waitLive() {
        waitFor(
                d -> "live".equals(connectionState()),
                "the connection state to show live, it shows " + connectionText());
        return this;
    }

    String connectionState() {
        return browser.driver.findElement(By.id("conn")).getAttribute("data-state");
    }

    String connectionText() {
        return browser.driver.findElement(By.id("conn")).getText();
    }

    static String fingerprint(String... labelPairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labelPairs.length; i += 2) labels.put(labelPairs[i], labelPairs[i + 1]);
        return Fingerprint.of(labels);
    }

    By cardBy(String fp) {
        return By.cssSelector("#wall [data-fp='" + fp + "']");
    }

    WebElement waitForCard(String fp) {
        return wait(WAIT).until(ExpectedConditions.visibilityOfElementLocated(cardBy(fp)));
    }

    void waitForNoCard(String fp) {
        waitFor(d -> d.findElements(cardBy(fp)).isEmpty(), "the card " + fp + " to leave the wall");
    }

    boolean hasCard(String fp) {
        return !browser.driver.findElements(cardBy(fp)).isEmpty();
    }

    List<WebElement> cards() {
        return browser.driver.findElements(By.cssSelector("#wall article.card"));
    }

    /** Clicks a card's button (Ack, Unack, Silence, Expire silence). */
    void click(String fp, String action) {
        WebElement card = waitForCard(fp);
        card.findElement(By.cssSelector("button[data-action='" + action + "']")).click();
    }

    void ack(String fp, String comment) {
        click(fp, "ack");
        WebElement dialog = wait(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("ack-dialog")));
        dialog.findElement(By.name("comment")).sendKeys(comment);
        dialog.findElement(By.cssSelector("button.primary")).click();
        wait(WAIT).until(ExpectedConditions.invisibilityOf(dialog));
    }

    /** Silences from the card for one of the dialog's preset durations (1h, 4h, 24h) or a custom one. */
    void silence(String fp, String duration, String comment) {
        click(fp, "silence");
        WebElement dialog = wait(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("silence-dialog")));
        if (duration.matches("1h|4h|24h")) {
            dialog.findElement(By.cssSelector("input[name=duration][value='" + duration + "']"))
                    .click();
        } else {
            dialog.findElement(By.name("custom")).sendKeys(duration);
        }
        dialog.findElement(By.cssSelector("input[name=comment]")).sendKeys(comment);
        dialog.findElement(By.cssSelector("button.primary")).click();
        wait(WAIT).until(ExpectedConditions.invisibilityOf(dialog));
    }

    WebElement byId(String id) {
        return browser.driver.findElement(By.id(id));
    }

    String title() {
        return browser.driver.getTitle();
    }

    void waitFor(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition, String what) {
        wait(WAIT).withMessage(() -> "waited for " + what).until(condition::apply);
    }

    /** A wait that looks again when the page redrew an element it was reading (panels redraw on every change). */
    WebDriverWait wait(Duration d) {
        WebDriverWait w = new WebDriverWait(browser.driver, d, Duration.ofMillis(50));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }
}
